import type { AddonFacts } from "../collect";
import type { Finding } from "../skew";
import type { DriftCode } from "./codes";

const UNHEALTHY_STATUSES = new Set(["DEGRADED", "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED"]);

function subjectOf(addon: AddonFacts): string {
  return `add-on ${addon.name}`;
}

/** "v1.19.2-eksbuild.1 (default), v1.19.0-eksbuild.1 …": the versions to pick from, newest first, a few at most. */
function choices(versions: readonly string[], defaultVersion: string | undefined): string {
  const shown = versions.slice(0, 3).map((version) => (version === defaultVersion ? `${version} (default)` : version));
  const more = versions.length > 3 ? ` and ${versions.length - 3} older` : "";
  return `${shown.join(", ")}${more}`;
}

function update(addon: AddonFacts, cluster: string, version: string | undefined): string {
  return `aws eks update-addon --cluster-name ${cluster} --addon-name ${addon.name}${version ? ` --addon-version ${version}` : ""}`;
}

/**
 * One add-on against the versions EKS supports (drift.md §9.3, checklist 13, eksup's algorithm): not supported on the
 * control plane's version → error; not supported on the next version → warning (it blocks the upgrade: EKS does not
 * update add-ons with the control plane); older than the newest for this version → info. Health issues are reported
 * on their own: they block updates whatever the versions.
 */
function addonFindings(cluster: string, addon: AddonFacts): Finding<DriftCode>[] {
  const findings: Finding<DriftCode>[] = [];
  const subject = subjectOf(addon);
  if (UNHEALTHY_STATUSES.has(addon.status ?? "") || addon.healthIssues.length > 0) {
    const issues = addon.healthIssues.map((issue) => `${issue.code ?? "issue"}: ${issue.message ?? "no message"}`).join("; ");
    findings.push({
      code: "addon-unhealthy",
      severity: "warning",
      subject,
      explanation: `The add-on is ${addon.status ?? "in an unknown state"}${issues ? ` with health issues (${issues})` : ""}; EKS may refuse to update it, and the cluster's upgrade with it.`,
      nextStep: `Fix the issues (aws eks describe-addon --cluster-name ${cluster} --addon-name ${addon.name}), then update the add-on.`,
    });
  }
  const version = addon.version;
  if (!version) return findings;
  const { current, next } = addon.compatibility;
  if (current && !current.versions.includes(version)) {
    findings.push({
      code: "addon-incompatible",
      severity: "error",
      subject,
      explanation: `Version ${version} is not among the versions EKS supports for Kubernetes ${current.kubernetesVersion}, the control plane's version: ${choices(current.versions, current.defaultVersion)}.`,
      nextStep: `Update it to a supported version: ${update(addon, cluster, current.defaultVersion ?? current.versions[0])}.`,
    });
  } else if (next && !next.versions.includes(version)) {
    // One version that works on both sides lets the add-on move before the control plane does.
    const bridge = current?.versions.find((candidate) => next.versions.includes(candidate));
    findings.push({
      code: "addon-blocks-upgrade",
      severity: "warning",
      subject,
      explanation: `Version ${version} is not supported on Kubernetes ${next.kubernetesVersion}, the next control-plane version, and EKS does not update add-ons when it upgrades the control plane. Versions for ${next.kubernetesVersion}: ${choices(next.versions, next.defaultVersion)}.`,
      nextStep: bridge
        ? `Before upgrading the control plane to ${next.kubernetesVersion}, update the add-on to ${bridge}, which supports both versions: ${update(addon, cluster, bridge)}.`
        : `No version supports both ${current?.kubernetesVersion ?? "the current version"} and ${next.kubernetesVersion}: update the add-on right after the control-plane upgrade (${update(addon, cluster, next.defaultVersion ?? next.versions[0])}).`,
    });
  } else if (current && current.versions[0] && current.versions[0] !== version) {
    findings.push({
      code: "addon-update-available",
      severity: "info",
      subject,
      explanation: `Version ${version} is supported, but EKS has newer versions for Kubernetes ${current.kubernetesVersion}: ${choices(current.versions, current.defaultVersion)}.`,
      nextStep: `Update when convenient: ${update(addon, cluster, current.versions[0])}.`,
    });
  }
  return findings;
}

export { addonFindings };
