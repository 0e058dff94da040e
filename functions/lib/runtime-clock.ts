import { type Clock, systemClock } from "@caretaker/core/clock";

let current: Clock = systemClock;

/**
 * The clock every function's waits, deadlines and token signatures use: the system clock in Lambda. The sandbox
 * (tests, demo) runs on simulated time and swaps it in with `useClock`, so a drain of PDB-guarded pods with 30 s
 * grace periods runs through the real handler in milliseconds.
 */
const runtimeClock: Clock = {
  now: () => current.now(),
  sleep: (ms, signal) => current.sleep(ms, signal),
};

function useClock(clock: Clock): void {
  current = clock;
}

export { runtimeClock, useClock };
