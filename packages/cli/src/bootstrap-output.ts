import type { AccessEntryResult, AppliedObject, BootstrapReport, RoleVerification } from "@caretaker/core/access";
import { ExitCode } from "./io";

const WIDTH = 16;
const MAX_LISTED = 10;
const FUNCTION_NAMES: Record<string, string> = { drain: "drain", imageGc: "image GC", drift: "drift", probe: "probe" };

function line(status: string, text: string): string {
  return `  ${status.padEnd(WIDTH)}${text}`;
}

function detail(text: string): string {
  return `  ${" ".repeat(WIDTH)}${text}`;
}

/** At most MAX_LISTED items, then how many more (--json has them all). */
function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(", ") : `${items.slice(0, MAX_LISTED).join(", ")} … and ${items.length - MAX_LISTED} more`;
}

function functionsOf(entry: { functions: string[] }): string {
  return entry.functions.map((name) => FUNCTION_NAMES[name] ?? name).join(" + ");
}

function objectLine(object: AppliedObject, dryRun: boolean): string {
  const status = object.outcome === "unchanged" ? "unchanged" : dryRun ? `would ${object.outcome === "created" ? "create" : object.outcome === "updated" ? "update" : "re-create"}` : object.outcome;
  return line(status, `${object.kind}/${object.name}${object.changes.length ? `: ${object.changes.join("; ")}` : ""}`);
}

/** `[a, b]`, or what no group means: the role only authenticates (system:authenticated). */
function groupList(groups: readonly string[]): string {
  return groups.length > 0 ? `[${groups.join(", ")}]` : "[no group: authenticated only]";
}

function entryLines(entry: AccessEntryResult): string[] {
  const who = `${functionsOf(entry)} role ${entry.roleArn}`;
  const mapping = entry.entry ? ` → ${entry.entry.type} ${groupList(entry.entry.kubernetesGroups)}` : ` → STANDARD ${groupList(entry.groups)}`;
  if (entry.problems.length === 0) return [line(entry.outcome === "would-create" ? "would create" : entry.outcome, `${who}${mapping}`)];
  return [
    line("PROBLEM", `${who}${entry.entry ? mapping : ""}`),
    ...entry.problems.flatMap((problem) => [detail(problem.message), detail(`fix: ${problem.fix}`)]),
  ];
}

function verificationLines(role: RoleVerification): string[] {
  const who = `${functionsOf(role)} as ${role.username} ${groupList(role.groups)}${role.assumed ? " (no entry yet: as bootstrap maps it)" : ""}`;
  const counts = `${role.allowed}/${role.needed} needed allowed, ${role.denied}/${role.forbidden} forbidden denied`;
  if (role.failures.length === 0) return [line("ok", `${who}: ${counts}`)];
  return [
    line("FAILED", `${who}: ${counts}`),
    ...role.failures.flatMap((failure) => [
      detail(`${failure.expected === "allowed" ? "needed but denied" : "allowed but must be denied"}: ${listed(failure.checks)}`),
      detail(`fix: ${failure.fix}`),
    ]),
  ];
}

/** The bootstrap checklist: RBAC objects, access entries, verification, each problem with its fix, then a summary. */
function renderBootstrapReport(report: BootstrapReport, context: { kubeContext: string; stage?: string }): string {
  const out: string[] = [];
  out.push(`Cluster ${report.cluster} at ${report.endpoint} (kubeconfig context ${context.kubeContext}${context.stage ? `, stage ${context.stage}` : ""})`);
  if (report.dryRun) out.push("Dry run: nothing is changed; writes are validated by the API server (dryRun=All) and the checks see the cluster as it is now.");
  out.push("", `RBAC${report.forceDelete ? ` (drainer with pods delete: ${context.stage ? `stage ${context.stage} force-deletes` : "--force-delete"})` : ""}`);
  out.push(...report.rbac.map((object) => objectLine(object, report.dryRun)));
  out.push("", `Access entries (authentication mode ${report.authenticationMode})`);
  if (report.accessEntries.length === 0) out.push(line("none", "no role ARN given"));
  out.push(...report.accessEntries.flatMap(entryLines));
  for (const name of report.skipped) out.push(line("skipped", `${FUNCTION_NAMES[name] ?? name}: no role ARN (pass --stage, or --${name === "imageGc" ? "gc" : name}-role ARN)`));
  out.push("", "Verification (SelfSubjectAccessReview impersonating each role)");
  if (report.verification.length === 0) out.push(line("none", "no role to verify"));
  out.push(...report.verification.flatMap(verificationLines));
  out.push("");
  const changes = report.dryRun ? `${report.changes} change${report.changes === 1 ? "" : "s"} would be made` : `${report.changes} change${report.changes === 1 ? "" : "s"} made`;
  const problems = `${report.problems} problem${report.problems === 1 ? "" : "s"}`;
  if (report.problems === 0 && (!report.dryRun || report.changes === 0)) out.push(`Ready: ${changes}, ${problems}.`);
  else out.push(`${report.problems > 0 ? "Not ready" : "Not bootstrapped yet"}: ${changes}, ${problems}.${report.dryRun && report.changes > 0 ? ` Run ${report.rerun} to apply.` : ""}`);
  if (!report.dryRun && report.accessEntries.some((entry) => entry.outcome === "created")) out.push("New access entries can take a few seconds to take effect.");
  return out.join("\n");
}

/** 0 ready; 1 problems, or (dry run) changes still to make — like `kubectl diff`. */
function bootstrapExitCode(report: BootstrapReport): number {
  return report.problems > 0 || (report.dryRun && report.changes > 0) ? ExitCode.Problems : ExitCode.Ok;
}

export { bootstrapExitCode, renderBootstrapReport };
