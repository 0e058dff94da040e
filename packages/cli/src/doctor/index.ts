export type { CheckArea, CheckResult, CheckStatus } from "./check";
export { renderChecklist } from "./render";
export { runDoctor } from "./run-doctor";
export type { DoctorDeps, DoctorReport } from "./run-doctor";
