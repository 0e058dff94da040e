import { diffFindings, isNews, type RememberedFinding } from "@caretaker/core/drift/changes";
import type { DriftFinding } from "@caretaker/core/drift";
import { describe, expect, it } from "vitest";

const NOW = new Date("2026-11-21T06:00:00Z");
const EARLIER = "2026-11-01T06:00:00.000Z";

function finding(subject: string, severity: DriftFinding["severity"], extra: Partial<DriftFinding> = {}): DriftFinding {
  return {
    code: "kubelet-too-old",
    severity,
    cluster: "prod",
    subject,
    explanation: `${subject} is behind`,
    nextStep: `replace ${subject}`,
    fingerprint: `111122223333/eu-west-1/prod/kubelet-too-old/${subject}`,
    ...extra,
  } as DriftFinding;
}

function remembered(subject: string, severity: DriftFinding["severity"]): RememberedFinding {
  const { fingerprint, code, explanation, nextStep } = finding(subject, severity);
  return { fingerprint, code, severity, subject, explanation, nextStep, since: EARLIER };
}

const steady = { assessed: true, updating: false, now: NOW };

describe("drift changes (notify on new, worse, resolved)", () => {
  it("reports a first sighting as new, and the same finding next run as nothing new", () => {
    const first = diffFindings([], [finding("group a", "warning")], steady);
    expect(first.opened.map((item) => item.subject)).toEqual(["group a"]);
    expect(isNews(first)).toBe(true);
    const second = diffFindings(first.open, [finding("group a", "warning")], steady);
    expect(isNews(second)).toBe(false);
    expect(second.open[0]?.since).toBe(NOW.toISOString());
  });

  it("reports a finding that got more severe as worse, and one that eased without making it news", () => {
    const worse = diffFindings([remembered("group a", "warning")], [finding("group a", "error")], steady);
    expect(worse.worsened).toEqual([{ finding: expect.objectContaining({ subject: "group a" }), was: "warning" }]);
    expect(isNews(worse)).toBe(true);
    const eased = diffFindings([remembered("group a", "error")], [finding("group a", "warning")], steady);
    expect(eased.eased).toHaveLength(1);
    expect(isNews(eased)).toBe(false);
    expect(eased.open[0]).toMatchObject({ severity: "warning", since: EARLIER });
  });

  it("reports a subject moving to a worse degree of the same concern as worse, not as new plus resolved", () => {
    // A node group's kubelet: one minor behind (warning) last run, now blocking the next upgrade (warning too).
    const behind = { ...remembered("group a", "warning"), code: "kubelet-behind", fingerprint: "111122223333/eu-west-1/prod/kubelet-behind/group a" };
    const blocks = finding("group a", "warning", { code: "kubelet-blocks-upgrade", fingerprint: "111122223333/eu-west-1/prod/kubelet-blocks-upgrade/group a" });
    const changes = diffFindings([behind], [blocks], steady);
    expect(changes.opened).toEqual([]);
    expect(changes.resolved).toEqual([]);
    expect(changes.worsened).toEqual([{ finding: blocks, was: "warning", wasCode: "kubelet-behind" }]);
    expect(isNews(changes)).toBe(true);
    expect(changes.open).toEqual([expect.objectContaining({ code: "kubelet-blocks-upgrade", since: EARLIER })]);
    // And back: easing is remembered, not news.
    const back = diffFindings([{ ...changes.open[0] } as RememberedFinding], [{ ...blocks, code: "kubelet-behind", fingerprint: behind.fingerprint }], steady);
    expect(back.eased).toEqual([expect.objectContaining({ wasCode: "kubelet-blocks-upgrade" })]);
    expect(isNews(back)).toBe(false);
  });

  it("never pairs different concerns or different subjects: they stay new and resolved", () => {
    const behind = { ...remembered("group a", "warning"), code: "kubelet-behind", fingerprint: "111122223333/eu-west-1/prod/kubelet-behind/group a" };
    const newer = finding("group a", "error", { code: "kubelet-newer-than-apiserver", fingerprint: "111122223333/eu-west-1/prod/kubelet-newer-than-apiserver/group a" });
    const otherGroup = finding("group b", "warning", { code: "kubelet-blocks-upgrade", fingerprint: "111122223333/eu-west-1/prod/kubelet-blocks-upgrade/group b" });
    const changes = diffFindings([behind], [newer, otherGroup], steady);
    expect(changes.opened.map((item) => item.code).sort()).toEqual(["kubelet-blocks-upgrade", "kubelet-newer-than-apiserver"]);
    expect(changes.resolved.map((item) => item.code)).toEqual(["kubelet-behind"]);
    expect(changes.worsened).toEqual([]);
  });

  it("reports a finding that is gone as resolved", () => {
    const changes = diffFindings([remembered("group a", "error"), remembered("group b", "warning")], [finding("group b", "warning")], steady);
    expect(changes.resolved.map((item) => item.subject)).toEqual(["group a"]);
    expect(changes.open.map((item) => item.subject)).toEqual(["group b"]);
  });

  it("never resolves anything of a cluster that could not be assessed, nor a finding whose check could not run", () => {
    const previous = [remembered("group a", "error"), remembered("insight x", "warning")];
    const unassessed = diffFindings(previous, [], { ...steady, assessed: false });
    expect(isNews(unassessed)).toBe(false);
    expect(unassessed.open).toEqual(previous);
    const partial = diffFindings(previous, [], { ...steady, unchecked: (item) => item.subject.startsWith("insight") });
    expect(partial.resolved.map((item) => item.subject)).toEqual(["group a"]);
    expect(partial.open.map((item) => item.subject)).toEqual(["insight x"]);
  });

  it("holds back all but errors while the cluster is UPDATING, and resolves nothing until the update is over", () => {
    const previous = [remembered("group a", "warning"), remembered("group b", "warning")];
    const changes = diffFindings(previous, [finding("group b", "info"), finding("group c", "warning"), finding("group d", "error")], { ...steady, updating: true });
    expect(changes.opened.map((item) => item.subject)).toEqual(["group d"]);
    expect(changes.resolved).toEqual([]);
    expect(changes.eased).toEqual([]);
    expect(changes.held).toBe(2);
    // What was held is not remembered, so it is reported after the update if it is still there.
    expect(changes.open.map((item) => `${item.subject}:${item.severity}`).sort()).toEqual(["group a:warning", "group b:warning", "group d:error"]);
    const after = diffFindings(changes.open, [finding("group c", "warning"), finding("group d", "error")], steady);
    expect(after.opened.map((item) => item.subject)).toEqual(["group c"]);
    expect(after.resolved.map((item) => item.subject).sort()).toEqual(["group a", "group b"]);
  });

  it("holds back a non-error change of a node group being updated, but not an error", () => {
    const changes = diffFindings([], [finding("group a", "warning", { transitional: true }), finding("group b", "error", { transitional: true })], steady);
    expect(changes.opened.map((item) => item.subject)).toEqual(["group b"]);
    expect(changes.held).toBe(1);
  });
});
