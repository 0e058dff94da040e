import type { FindingSeverity } from "../skew";
import type { DriftFinding } from "../findings/drift-finding";
import { degreeOf } from "./finding-families";

/** What the state table remembers of one open finding between runs. */
interface RememberedFinding {
  fingerprint: string;
  code: string;
  severity: FindingSeverity;
  subject: string;
  explanation: string;
  nextStep: string;
  /** When it was first reported (ISO). */
  since: string;
}

const RANK: Record<FindingSeverity, number> = { info: 0, warning: 1, error: 2 };

interface ClusterRunContext {
  /** The cluster's findings could be computed this run. When false nothing changes: absence of evidence is not a fix. */
  assessed: boolean;
  /** The control plane is UPDATING: only errors are reported, and nothing resolves until the update is over. */
  updating: boolean;
  /** A remembered finding whose check could not run this run; it stays open instead of looking resolved. */
  unchecked?: (finding: RememberedFinding) => boolean;
  now: Date;
}

interface FindingChanges {
  /** Findings not open before. */
  opened: DriftFinding[];
  /** Open before, now more severe, or moved to a worse degree of its concern (`wasCode`, finding-families.ts). */
  worsened: Array<{ finding: DriftFinding; was: FindingSeverity; wasCode?: string }>;
  /** Open before, now less severe or a milder degree (remembered; mentioned, but not a reason to notify on its own). */
  eased: Array<{ finding: DriftFinding; was: FindingSeverity; wasCode?: string }>;
  /** Open before, gone now. */
  resolved: RememberedFinding[];
  /** Changes held back because the thing was changing when read (cluster or node group UPDATING) and is not an error. */
  held: number;
  /** Everything open after this run — what the table remembers next. */
  open: RememberedFinding[];
}

function remember(finding: DriftFinding, since: string): RememberedFinding {
  const { fingerprint, code, severity, subject, explanation, nextStep } = finding;
  return { fingerprint, code, severity, subject, explanation, nextStep, since };
}

/**
 * Compares one cluster's findings with what was open after the last run. Only new, worse and resolved findings are
 * news (notify-once per episode, recovery always reported); while a cluster or node group is mid-update only errors
 * are, and a cluster that could not be assessed changes nothing at all.
 */
function diffFindings(previous: readonly RememberedFinding[], current: readonly DriftFinding[], context: ClusterRunContext): FindingChanges {
  const changes: FindingChanges = { opened: [], worsened: [], eased: [], resolved: [], held: 0, open: [] };
  if (!context.assessed) return { ...changes, open: [...previous] };
  const before = new Map(previous.map((finding) => [finding.fingerprint, finding]));
  const now = context.now.toISOString();
  const seen = new Set<string>();
  for (const finding of current) {
    seen.add(finding.fingerprint);
    const was = before.get(finding.fingerprint);
    const passing = (context.updating || finding.transitional === true) && finding.severity !== "error";
    if (!was) {
      if (passing) changes.held++;
      else {
        changes.opened.push(finding);
        changes.open.push(remember(finding, now));
      }
      continue;
    }
    const delta = RANK[finding.severity] - RANK[was.severity];
    if (delta !== 0 && passing) {
      changes.held++;
      changes.open.push(was);
      continue;
    }
    if (delta > 0) changes.worsened.push({ finding, was: was.severity });
    else if (delta < 0) changes.eased.push({ finding, was: was.severity });
    // Same episode: keep its start, refresh the wording (days left, counts) for the digest.
    changes.open.push(remember(finding, was.since));
  }
  for (const was of previous) {
    if (seen.has(was.fingerprint)) continue;
    if (context.updating || context.unchecked?.(was)) changes.open.push(was);
    else changes.resolved.push(was);
  }
  pairDegrees(changes);
  return changes;
}

/**
 * A finding opened this run and one resolved this run about the same subject and concern are one episode that moved
 * (finding-families.ts): worse when the new degree is further along, eased otherwise; it keeps the episode's start.
 */
function pairDegrees(changes: FindingChanges): void {
  for (const finding of [...changes.opened]) {
    const now = degreeOf(finding.code);
    if (!now) continue;
    const was = changes.resolved.find((candidate) => candidate.subject === finding.subject && degreeOf(candidate.code)?.family === now.family);
    if (!was) continue;
    changes.opened.splice(changes.opened.indexOf(finding), 1);
    changes.resolved.splice(changes.resolved.indexOf(was), 1);
    const worse = now.degree > (degreeOf(was.code)?.degree ?? 0) || RANK[finding.severity] > RANK[was.severity];
    (worse ? changes.worsened : changes.eased).push({ finding, was: was.severity, wasCode: was.code });
    const entry = changes.open.find((open) => open.fingerprint === finding.fingerprint);
    if (entry) entry.since = was.since;
  }
}

/** Whether the changes are worth a notification: something opened, got worse or was resolved. */
function isNews(changes: FindingChanges): boolean {
  return changes.opened.length + changes.worsened.length + changes.resolved.length > 0;
}

function mostSevere(severities: readonly FindingSeverity[]): FindingSeverity | undefined {
  return severities.reduce<FindingSeverity | undefined>((worst, severity) => (worst === undefined || RANK[severity] > RANK[worst] ? severity : worst), undefined);
}

export { diffFindings, isNews, mostSevere };
export type { ClusterRunContext, FindingChanges, RememberedFinding };
