import { SeededRandom } from "../../random";

/** Identifier formats AWS uses, generated from the service's seeded stream so runs are reproducible. */
function hex(random: SeededRandom, length: number): string {
  return Array.from({ length }, () => random.int(0, 15).toString(16)).join("");
}

/** `i-` + 17 hex digits (the current EC2 id length). */
function instanceId(random: SeededRandom): string {
  return `i-${hex(random, 17)}`;
}

function reservationId(random: SeededRandom): string {
  return `r-${hex(random, 17)}`;
}

/** The service's stream from the context, or a fixed seed for hand-built contexts. */
function randomFor(context: { random?: SeededRandom | undefined }): SeededRandom {
  return context.random ?? new SeededRandom(1);
}

/** A stable 32-bit seed for a service name, so every service gets its own stream from one account seed. */
function seedFor(seed: number, name: string): number {
  let h = seed >>> 0 || 1;
  for (const char of name) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return h || 1;
}

export { hex, instanceId, randomFor, reservationId, seedFor };
