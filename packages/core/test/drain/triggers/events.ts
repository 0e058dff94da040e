import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { InvalidTriggerError } from "../../../src/drain/triggers";

type Event = Record<string, unknown>;

/** Real sample events (sources in test/fixtures/events/README.md), parsed afresh so a test may change its copy. */
function loadEvent(name: string): Event {
  return JSON.parse(readFileSync(new URL(`../../../../../test/fixtures/events/${name}.json`, import.meta.url), "utf8")) as Event;
}

/** The fixture's raw text, as an SQS message body carries it. */
function loadBody(name: string): string {
  return readFileSync(new URL(`../../../../../test/fixtures/events/${name}.json`, import.meta.url), "utf8");
}

/** A fixture with some of its detail fields replaced (undefined removes the field). */
function withDetail(name: string, changes: Record<string, unknown>): Event {
  const event = loadEvent(name);
  const detail = { ...(event.detail as Event), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete detail[key];
  return { ...event, detail };
}

/** Runs `act`, asserts it throws an InvalidTriggerError, and returns it for closer checks. */
function invalidTriggerFrom(act: () => unknown): InvalidTriggerError {
  let thrown: unknown;
  try {
    act();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidTriggerError);
  return thrown as InvalidTriggerError;
}

export { invalidTriggerFrom, loadBody, loadEvent, withDetail };
