import { CHECK_AREAS, type CheckArea, type CheckStatus } from "./check";
import type { DoctorReport } from "./run-doctor";

const TITLES: Record<CheckArea, string> = {
  stage: "Stage",
  clusters: "Clusters",
  hooks: "Terminate lifecycle hooks",
  access: "EKS access entries",
  "dead-letters": "Dead-letter queue",
  runs: "Recent runs (AWS/Lambda metrics)",
  alerts: "Alerts",
  network: "Network (from the functions)",
};
const SYMBOLS: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };

/** The checklist: per area, one line a check (✓ ! ✗), the fix under each problem, and a closing count. */
function renderChecklist(report: DoctorReport): string {
  const lines = [`caretaker doctor: stage ${report.stage} in ${report.region}`];
  for (const area of CHECK_AREAS) {
    const checks = report.checks.filter((check) => check.area === area);
    if (checks.length === 0) continue;
    lines.push("", TITLES[area]);
    for (const check of checks) {
      lines.push(`  ${SYMBOLS[check.status]} ${check.name}: ${check.detail}`);
      if (check.fix && check.status !== "ok") {
        const [first = "", ...rest] = check.fix.split("\n");
        lines.push(`      → ${first}`, ...rest.map((line) => `        ${line}`));
      }
    }
  }
  const failed = report.checks.filter((check) => check.status === "fail").length;
  const unchecked = report.checks.filter((check) => check.unchecked).length;
  const warned = report.checks.filter((check) => check.status === "warn").length - unchecked;
  lines.push(
    "",
    report.ok
      ? `All ${report.checks.length} checks passed.`
      : `${failed} problem(s), ${warned} warning(s), ${unchecked} not checked, ${report.checks.filter((check) => check.status === "ok").length} passed.`,
  );
  return lines.join("\n");
}

export { renderChecklist };
