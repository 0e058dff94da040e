import { main } from "../src/main";
import type { CliIo } from "../src/io";

/** Runs `caretaker …` in-process and returns what a user would see, plus the exit code. */
async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`), env, isTty: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export { runCli };
