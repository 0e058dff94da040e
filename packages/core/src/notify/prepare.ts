import {
  CONTEXT_VALUE_MAX_CHARS,
  FACTS_MAX,
  FACT_LABEL_MAX_CHARS,
  FACT_VALUE_MAX_CHARS,
  NEXT_STEPS_MAX,
  NEXT_STEP_MAX_CHARS,
  RELATED_RESOURCE_MAX_CHARS,
  SECTION_TITLE_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
} from "./constants";
import type { Fact, Report, ReportKind, Section, Severity } from "./report";
import { clipLine, clipParagraph } from "./text";

/**
 * A report with every non-list field cleaned (one line, no control characters) and clipped to its cap, so both
 * formatters start from the same bounded text and only the section items remain unbounded. Items are clipped by each
 * formatter, lazily, because chat and e-mail allow different lengths and most items of a huge list are never shown.
 */
interface PreparedReport {
  kind: ReportKind;
  severity: Severity;
  fingerprint: string;
  /** Never empty: falls back to "Caretaker <kind> report". */
  title: string;
  summary: string;
  cluster?: string;
  account?: string;
  region?: string;
  /** Cluster, account and region (when known) first, then the report's own facts, at most FACTS_MAX of those. */
  facts: Fact[];
  hiddenFacts: number;
  nextSteps: string[];
  hiddenNextSteps: number;
  sections: Section[];
  relatedResources: string[];
  occurredAt: Date;
}

function prepareReport(report: Report): PreparedReport {
  const cluster = contextValue(report.cluster);
  const account = contextValue(report.account);
  const region = contextValue(report.region);
  const context: Fact[] = [];
  if (cluster) context.push({ label: "Cluster", value: cluster });
  if (account) context.push({ label: "Account", value: account });
  if (region) context.push({ label: "Region", value: region });

  const facts = report.facts ?? [];
  const nextSteps = (report.nextSteps ?? []).map((step) => clipLine(step, NEXT_STEP_MAX_CHARS)).filter((step) => step !== "");
  return {
    kind: report.kind,
    severity: report.severity,
    fingerprint: report.fingerprint,
    title: clipLine(report.title, TITLE_MAX_CHARS) || `Caretaker ${report.kind} report`,
    summary: clipParagraph(report.summary, SUMMARY_MAX_CHARS),
    ...(cluster ? { cluster } : {}),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    facts: [
      ...context,
      ...facts.slice(0, FACTS_MAX).map((fact) => ({ label: clipLine(fact.label, FACT_LABEL_MAX_CHARS), value: clipLine(fact.value, FACT_VALUE_MAX_CHARS) })),
    ],
    hiddenFacts: Math.max(0, facts.length - FACTS_MAX),
    nextSteps: nextSteps.slice(0, NEXT_STEPS_MAX),
    hiddenNextSteps: Math.max(0, nextSteps.length - NEXT_STEPS_MAX),
    sections: (report.sections ?? []).map((section) => ({ title: clipLine(section.title, SECTION_TITLE_MAX_CHARS) || "Items", items: section.items })),
    relatedResources: (report.relatedResources ?? []).map((resource) => clipLine(resource, RELATED_RESOURCE_MAX_CHARS)).filter((resource) => resource !== ""),
    occurredAt: report.occurredAt,
  };
}

/** Blank cluster/account/region count as unknown: they must not produce an empty attribute or a "//" thread id. */
function contextValue(value: string | undefined): string | undefined {
  const cleaned = clipLine(value ?? "", CONTEXT_VALUE_MAX_CHARS);
  return cleaned === "" ? undefined : cleaned;
}

export { prepareReport };
export type { PreparedReport };
