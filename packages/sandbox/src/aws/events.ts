/**
 * The account's default EventBridge bus, as far as the sandbox needs it: services emit events in EventBridge's
 * envelope (Auto Scaling lifecycle actions, EC2 state changes and Spot warnings), tests read what was emitted and the
 * demo subscribes to route them to Caretaker's handlers the way EventBridge rules would.
 */
interface EventBridgeEvent<TDetail = Record<string, unknown>> {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  /** ISO 8601 without milliseconds, as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

type EventListener = (event: EventBridgeEvent) => void;

interface EventFilter {
  source?: string;
  detailType?: string;
}

class SandboxEventBus {
  readonly #emitted: EventBridgeEvent[] = [];
  readonly #listeners = new Set<EventListener>();

  /** Records the event and hands it to every subscriber (synchronously, in subscription order). */
  emit(event: EventBridgeEvent): void {
    this.#emitted.push(event);
    for (const listener of this.#listeners) listener(event);
  }

  /** Events emitted so far, oldest first, optionally only those of one source / detail-type. */
  emitted(filter: EventFilter = {}): EventBridgeEvent[] {
    return this.#emitted.filter(
      (event) =>
        (filter.source === undefined || event.source === filter.source) &&
        (filter.detailType === undefined || event["detail-type"] === filter.detailType),
    );
  }

  /** Calls `listener` for every event emitted from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** EventBridge's `time` format: second precision, `Z`. */
function eventTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export { eventTime, SandboxEventBus };
export type { EventBridgeEvent, EventFilter, EventListener };
