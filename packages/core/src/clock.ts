/**
 * Time as core sees it: the real clock in Lambda and the CLI, the sandbox's time-scaled clock in tests and the demo.
 * Everything that waits or checks a deadline goes through this, so a 5-minute drain can be tested in milliseconds.
 */
interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

export { systemClock };
export type { Clock };
