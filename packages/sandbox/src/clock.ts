/**
 * The sandbox's time: one clock shared by the Kubernetes simulator, the AWS fakes and the Caretaker code under test,
 * running `scale` times faster than wall time (scale 1000: a 30 s grace period passes in 30 ms) and able to jump
 * forward with `advance()`. Timers fire in simulated-time order, whether time flows or jumps.
 */
interface SandboxClockOptions {
  /** Simulated milliseconds per real millisecond; 1 = real time. */
  scale?: number;
  /** Simulated time at creation. */
  start?: Date;
}

interface TimerEntry {
  id: number;
  due: number;
  callback: () => void;
}

class SandboxClock {
  readonly scale: number;
  readonly #startSim: number;
  readonly #startReal: number;
  #offset = 0;
  #nextId = 1;
  #timers: TimerEntry[] = [];
  #armed: NodeJS.Timeout | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  constructor({ scale = 1, start = new Date() }: SandboxClockOptions = {}) {
    if (!(scale > 0)) throw new RangeError(`clock scale must be > 0 (got ${scale})`);
    this.scale = scale;
    this.#startSim = start.getTime();
    this.#startReal = performance.now();
  }

  /** Simulated epoch milliseconds. */
  nowMs(): number {
    return Math.floor(this.#startSim + (performance.now() - this.#startReal) * this.scale + this.#offset);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Real milliseconds that `simulatedMs` of sandbox time take. */
  toRealMs(simulatedMs: number): number {
    return simulatedMs / this.scale;
  }

  /** Calls `callback` once `delayMs` of simulated time have passed; returns an id for `clearTimeout`. */
  setTimeout(callback: () => void, delayMs: number): number {
    const entry = { id: this.#nextId++, due: this.nowMs() + Math.max(0, delayMs), callback };
    const index = this.#timers.findIndex((timer) => timer.due > entry.due);
    this.#timers.splice(index === -1 ? this.#timers.length : index, 0, entry);
    this.#arm();
    return entry.id;
  }

  clearTimeout(id: number): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
    if (this.#timers.length === 0) this.#disarm();
  }

  /** Resolves after `delayMs` of simulated time (optionally aborted by `signal`). */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const id = this.setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, delayMs);
      const onAbort = () => {
        this.clearTimeout(id);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Jumps simulated time forward, firing every timer that falls due on the way in order, each at its own due time
   * (so a timer set by a callback during the jump is scheduled relative to that moment, as in real time).
   */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("the sandbox clock cannot go backwards");
    const target = this.nowMs() + ms;
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.due > target) break;
      const now = this.nowMs();
      if (next.due > now) this.#offset += next.due - now;
      this.#timers.shift();
      next.callback();
    }
    const now = this.nowMs();
    if (target > now) this.#offset += target - now;
    this.#disarm();
    this.#arm();
  }

  /** Cancels every pending timer (used when a sandbox is stopped). */
  dispose(): void {
    this.#timers = [];
    this.#disarm();
  }

  /** Number of timers not yet fired (tests: nothing left behind). */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  #fireDue(): void {
    const now = this.nowMs();
    while (this.#timers.length > 0 && (this.#timers[0] as TimerEntry).due <= now) {
      const timer = this.#timers.shift() as TimerEntry;
      timer.callback();
    }
    this.#disarm();
    this.#arm();
  }

  #arm(): void {
    const first = this.#timers[0];
    if (!first) return;
    if (this.#armed && this.#armedFor <= first.due) return;
    this.#disarm();
    this.#armedFor = first.due;
    // Capped at setTimeout's maximum (2^31-1 ms): beyond it Node fires after 1 ms with a TimeoutOverflowWarning;
    // a capped timer just re-arms when it fires early.
    const realDelay = Math.min(2 ** 31 - 1, Math.max(0, Math.ceil((first.due - this.nowMs()) / this.scale)));
    this.#armed = setTimeout(() => {
      this.#armed = undefined;
      this.#armedFor = Number.POSITIVE_INFINITY;
      this.#fireDue();
    }, realDelay);
    // Pending sandbox timers must never keep a finished test process alive.
    this.#armed.unref();
  }

  #disarm(): void {
    if (this.#armed) clearTimeout(this.#armed);
    this.#armed = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }
}

export { SandboxClock };
export type { SandboxClockOptions };
