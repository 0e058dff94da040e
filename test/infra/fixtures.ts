import { readdirSync, readFileSync } from "node:fs";

const DIRECTORY = new URL("../fixtures/events/", import.meta.url);

/** Every sample event file (test/fixtures/events/README.md says what and where from). */
function eventFixtureNames(): string[] {
  return readdirSync(DIRECTORY)
    .filter((name) => name.endsWith(".json"))
    .sort();
}

/** A fresh copy of one sample event, so a test may derive a variant from it. */
function eventFixture(name: string): Record<string, unknown> & { detail?: Record<string, unknown> } {
  return JSON.parse(readFileSync(new URL(name, DIRECTORY), "utf8")) as Record<string, unknown>;
}

export { eventFixture, eventFixtureNames };
