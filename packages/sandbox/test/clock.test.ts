import { describe, expect, it } from "vitest";
import { SandboxClock } from "../src/clock";

describe("SandboxClock", () => {
  it("runs simulated time `scale` times faster than wall time, so a 30 s grace period takes ~30 ms", async () => {
    // Prepare
    const clock = new SandboxClock({ scale: 1000, start: new Date("2026-11-21T00:00:00Z") });
    const realStart = performance.now();
    // Act
    await clock.sleep(30_000);
    // Assess
    const realElapsed = performance.now() - realStart;
    expect(clock.nowMs() - Date.parse("2026-11-21T00:00:00Z")).toBeGreaterThanOrEqual(30_000);
    expect(realElapsed).toBeLessThan(1_000);
  });

  it("fires timers in simulated-time order when time jumps, including timers they schedule on the way", () => {
    // Prepare
    const clock = new SandboxClock({ scale: 1e-9 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20_000);
    clock.setTimeout(() => {
      fired.push("a@10");
      clock.setTimeout(() => fired.push("c@15"), 5_000);
    }, 10_000);
    const cancelled = clock.setTimeout(() => fired.push("never"), 12_000);
    clock.clearTimeout(cancelled);
    // Act
    clock.advance(25_000);
    // Assess
    expect(fired).toEqual(["a@10", "c@15", "b@20"]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("refuses to go backwards and rejects a non-positive scale", () => {
    expect(() => new SandboxClock({ scale: 0 })).toThrow(RangeError);
    expect(() => new SandboxClock().advance(-1)).toThrow("cannot go backwards");
  });

  it("lets an abort signal cancel a sleep", async () => {
    const clock = new SandboxClock({ scale: 1e-9 });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    expect(clock.pendingTimers).toBe(0);
  });
});
