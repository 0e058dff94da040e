import type { Clock } from "@caretaker/core/clock";

/** Where a command writes; injected so tests can run commands in-process and read what a user would see. */
interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colours, progress). */
  isTty: boolean;
  /** Time for commands that wait (drain): the system clock unless a test passes the sandbox's fast one. */
  clock?: Clock;
  /** Everything on stdin, for commands that read it (`invoke … -`); process.stdin unless a test passes its own. */
  readStdin?: () => Promise<string>;
}

/** Exit codes shared by every command, documented in the README. */
const ExitCode = {
  /** Everything checked out / the operation completed. */
  Ok: 0,
  /** The command ran, and what it found needs attention (unreachable cluster, drift warnings, …). */
  Problems: 1,
  /** Bad arguments or configuration: nothing was done. */
  Usage: 2,
  /** The command itself failed (AWS or cluster error before a result). */
  Failure: 3,
} as const;
type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
  };
}

export { ExitCode, processIo };
export type { CliIo };
