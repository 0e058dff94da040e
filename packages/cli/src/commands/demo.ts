import { Command } from "commander";
import type { CliIo } from "../io";

/**
 * `caretaker demo` (`npm start`): a walkthrough on an embedded sandbox account. The sandbox is loaded only when this
 * command runs, so no other command pays for it (or ships it).
 */
function demoCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("demo").description("walk through Caretaker on an embedded sandbox account (no AWS needed)").action(async () => {
    const { runDemo } = await import("../demo/run-demo");
    await runDemo(io, setExitCode);
  });
}

export { demoCommand };
