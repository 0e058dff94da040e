export { main } from "./main";
export { ExitCode } from "./io";
export type { CliIo } from "./io";
