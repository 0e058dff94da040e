import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createHandler } from "../../functions/lib/handler";
import { logger } from "../../functions/lib/powertools";
import { lambdaContext } from "../helpers/lambda-context";

// The shared logger is created at import with the level from the environment (silent in tests) and Powertools
// resets it to that level on every warm invocation, so this file raises it before anything is imported.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
});

/** Structured log lines the shared stack writes, parsed from what the logger prints. */
function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const capture = (...args: unknown[]) => {
    for (const arg of args) if (typeof arg === "string" && arg.trim().startsWith("{")) lines.push(JSON.parse(arg));
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation(capture);
  return lines;
}

describe("createHandler", () => {
  it("passes the parsed input to the use-case and logs with the Lambda context and handler name", async () => {
    // Prepare
    const logs = captureLogs();
    const seen: unknown[] = [];
    const handler = createHandler({
      name: "echo",
      schema: z.strictObject({ count: z.number().int().default(1) }),
      async handle(input) {
        seen.push(input);
        logger.info("handled");
        return { doubled: input.count * 2 };
      },
    });
    // Act
    const result = await handler({ count: 21 }, lambdaContext("caretaker-echo"));
    // Assess
    expect(result).toEqual({ doubled: 42 });
    expect(seen).toEqual([{ count: 21 }]);
    expect(logs.find((line) => line.message === "handled")).toMatchObject({ function_name: "caretaker-echo", handler: "echo", service: "caretaker" });
  });

  it("logs a failure with its error and lets the error reach Lambda", async () => {
    // Prepare
    const logs = captureLogs();
    const handler = createHandler({
      name: "boom",
      schema: z.object({}),
      async handle() {
        throw new Error("cluster prod exploded");
      },
    });
    // Act
    const failure = handler({}, lambdaContext("caretaker-boom"));
    // Assess
    await expect(failure).rejects.toThrow("cluster prod exploded");
    expect(logs.find((line) => line.message === "boom failed")).toMatchObject({ level: "ERROR", error: expect.objectContaining({ message: "cluster prod exploded" }) });
  });

  it("does not leak keys appended in one invocation into the next", async () => {
    // Prepare
    const logs = captureLogs();
    const handler = createHandler({
      name: "keys",
      schema: z.object({ tag: z.string() }),
      async handle({ tag }) {
        if (tag === "first") logger.appendKeys({ secretish: "from-first" });
        logger.info("run", { tag });
      },
    });
    // Act
    await handler({ tag: "first" }, lambdaContext("caretaker-keys"));
    await handler({ tag: "second" }, lambdaContext("caretaker-keys"));
    // Assess
    const second = logs.find((line) => line.message === "run" && line.tag === "second");
    expect(second).toBeDefined();
    expect(second).not.toHaveProperty("secretish");
  });
});
