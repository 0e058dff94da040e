import type { SandboxClock } from "../../clock";
import type { SeededRandom } from "../../random";
import type { HookRecord } from "./hooks";
import type { LifecycleActionResult, LifecycleTransition } from "./spec";

/**
 * Lifecycle actions: one per (instance, hook) when an instance enters a wait state. An action is active until it is
 * completed (CompleteLifecycleAction), times out (the hook's DefaultResult, applied on the sandbox clock), or is
 * cancelled because another hook of the same instance abandoned it. A heartbeat moves the timeout to now + the hook's
 * HeartbeatTimeout, never past the global timeout. Finished actions stay in the history for assertions.
 */
type CompletedBy = "api" | "timeout" | "abandoned";

interface LifecycleActionRecord {
  token: string;
  groupName: string;
  hookName: string;
  instanceId: string;
  transition: LifecycleTransition;
  heartbeatTimeoutMs: number;
  defaultResult: LifecycleActionResult;
  startedAt: number;
  timeoutAt: number;
  globalTimeoutAt: number;
  heartbeats: number;
  result?: LifecycleActionResult;
  completedBy?: CompletedBy;
  completedAt?: number;
  timer?: number;
}

/** A read-only copy of an action, for tests ("completed exactly once, by the API, with CONTINUE"). */
interface LifecycleActionView {
  token: string;
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  transition: LifecycleTransition;
  status: "active" | "completed";
  startedAt: Date;
  /** When the action times out if nothing else happens (moves with heartbeats). */
  timeoutAt: Date;
  globalTimeoutAt: Date;
  heartbeats: number;
  result?: LifecycleActionResult;
  completedBy?: CompletedBy;
  completedAt?: Date;
}

interface ActionFilter {
  autoScalingGroupName?: string;
  lifecycleHookName?: string;
  instanceId?: string;
  status?: "active" | "completed";
}

type SettledListener = (action: LifecycleActionRecord) => void;

function view(record: LifecycleActionRecord): LifecycleActionView {
  return {
    token: record.token,
    autoScalingGroupName: record.groupName,
    lifecycleHookName: record.hookName,
    instanceId: record.instanceId,
    transition: record.transition,
    status: record.completedBy === undefined ? "active" : "completed",
    startedAt: new Date(record.startedAt),
    timeoutAt: new Date(record.timeoutAt),
    globalTimeoutAt: new Date(record.globalTimeoutAt),
    heartbeats: record.heartbeats,
    ...(record.result !== undefined ? { result: record.result } : {}),
    ...(record.completedBy !== undefined ? { completedBy: record.completedBy } : {}),
    ...(record.completedAt !== undefined ? { completedAt: new Date(record.completedAt) } : {}),
  };
}

class LifecycleActions {
  readonly #clock: SandboxClock;
  readonly #random: SeededRandom;
  readonly #onSettled: SettledListener;
  readonly #records: LifecycleActionRecord[] = [];

  constructor(clock: SandboxClock, random: SeededRandom, onSettled: SettledListener) {
    this.#clock = clock;
    this.#random = random;
    this.#onSettled = onSettled;
  }

  start(hook: HookRecord, instanceId: string): LifecycleActionRecord {
    const now = this.#clock.nowMs();
    const record: LifecycleActionRecord = {
      token: this.#random.uuid(),
      groupName: hook.groupName,
      hookName: hook.name,
      instanceId,
      transition: hook.transition,
      heartbeatTimeoutMs: hook.heartbeatTimeoutS * 1000,
      defaultResult: hook.defaultResult,
      startedAt: now,
      timeoutAt: now + hook.heartbeatTimeoutS * 1000,
      globalTimeoutAt: now + hook.globalTimeoutS * 1000,
      heartbeats: 0,
    };
    this.#records.push(record);
    this.#arm(record);
    return record;
  }

  /** The active action a Complete/Heartbeat request designates (token first, else instance id), if any. */
  findActive(groupName: string, hookName: string, by: { token?: string | undefined; instanceId?: string | undefined }): LifecycleActionRecord | undefined {
    return this.#records.find(
      (r) =>
        r.completedBy === undefined &&
        r.groupName === groupName &&
        r.hookName === hookName &&
        (by.token !== undefined ? r.token === by.token : r.instanceId === by.instanceId),
    );
  }

  activeFor(instanceId: string): LifecycleActionRecord[] {
    return this.#records.filter((r) => r.completedBy === undefined && r.instanceId === instanceId);
  }

  heartbeat(record: LifecycleActionRecord): void {
    record.heartbeats++;
    record.timeoutAt = Math.min(this.#clock.nowMs() + record.heartbeatTimeoutMs, record.globalTimeoutAt);
    this.#arm(record);
  }

  complete(record: LifecycleActionRecord, result: LifecycleActionResult, by: CompletedBy): void {
    if (record.completedBy !== undefined) return;
    if (record.timer !== undefined) this.#clock.clearTimeout(record.timer);
    record.result = result;
    record.completedBy = by;
    // A timeout happens at the deadline, whenever the clock's timer got round to noticing it.
    record.completedAt = by === "timeout" ? record.timeoutAt : this.#clock.nowMs();
    delete record.timer;
    this.#onSettled(record);
  }

  /** Ends the instance's other active actions without running their results (ABANDON stops remaining hooks). */
  cancelOthers(record: LifecycleActionRecord): void {
    for (const other of this.activeFor(record.instanceId)) {
      if (other === record) continue;
      if (other.timer !== undefined) this.#clock.clearTimeout(other.timer);
      other.result = "ABANDON";
      other.completedBy = "abandoned";
      other.completedAt = this.#clock.nowMs();
      delete other.timer;
    }
  }

  history(filter: ActionFilter = {}): LifecycleActionView[] {
    return this.#records
      .filter(
        (r) =>
          (filter.autoScalingGroupName === undefined || r.groupName === filter.autoScalingGroupName) &&
          (filter.lifecycleHookName === undefined || r.hookName === filter.lifecycleHookName) &&
          (filter.instanceId === undefined || r.instanceId === filter.instanceId) &&
          (filter.status === undefined || (filter.status === "active") === (r.completedBy === undefined)),
      )
      .map(view);
  }

  #arm(record: LifecycleActionRecord): void {
    if (record.timer !== undefined) this.#clock.clearTimeout(record.timer);
    record.timer = this.#clock.setTimeout(() => {
      delete record.timer;
      this.complete(record, record.defaultResult, "timeout");
    }, record.timeoutAt - this.#clock.nowMs());
  }
}

export { LifecycleActions };
export type { ActionFilter, CompletedBy, LifecycleActionRecord, LifecycleActionView };
