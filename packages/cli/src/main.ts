import { Command, CommanderError } from "commander";
import { bootstrapCommand } from "./commands/bootstrap";
import { demoCommand } from "./commands/demo";
import { doctorCommand } from "./commands/doctor";
import { drainCommand } from "./commands/drain";
import { driftCommand } from "./commands/drift";
import { gcCommand } from "./commands/gc";
import { invokeCommand } from "./commands/invoke";
import { probeCommand } from "./commands/probe";
import { rbacCommand } from "./commands/rbac";
import { sandboxCommand } from "./commands/sandbox";
import { uncordonCommand } from "./commands/uncordon";
import { type CliIo, ExitCode, processIo } from "./io";

/**
 * Runs the caretaker command line and resolves to the process exit code. Never calls process.exit, so tests run it
 * in-process; errors become a one-line explanation on stderr and a non-zero code.
 */
async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command("caretaker")
    .description("Day-2 automation for Amazon EKS: drains, image GC, version drift, notifications")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(run `caretaker --help` for usage)")
    .addCommand(bootstrapCommand(io, setExitCode))
    .addCommand(demoCommand(io, setExitCode))
    .addCommand(doctorCommand(io, setExitCode))
    .addCommand(drainCommand(io, setExitCode))
    .addCommand(driftCommand(io, setExitCode))
    .addCommand(gcCommand(io, setExitCode))
    .addCommand(invokeCommand(io, setExitCode))
    .addCommand(probeCommand(io, setExitCode))
    .addCommand(rbacCommand(io, setExitCode))
    .addCommand(sandboxCommand(io, setExitCode))
    .addCommand(uncordonCommand(io, setExitCode));
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    io.err(`caretaker: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.Failure;
  }
}

export { main };
