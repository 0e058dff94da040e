import { apiServerRange, type ApiServerRange, type Finding, type NodeVersion } from "../../src/drift/skew";
import { parseKubeVersion, type KubeVersion } from "../../src/drift/versions";

/** A parsed version; fixtures use the shapes the APIs return ("1.30", "v1.29.3-eks-ae9a62a"). */
function v(text: string): KubeVersion {
  return parseKubeVersion(text);
}

/** The apiserver range of a cluster from its visible apiserver versions. */
function apiservers(first: string, ...rest: string[]): ApiServerRange {
  return apiServerRange(v(first), ...rest.map(v));
}

function node(name: string, kubelet: string, extra: Omit<NodeVersion, "name" | "kubelet"> = {}): NodeVersion {
  return { name, kubelet: v(kubelet), ...extra };
}

/** Findings reduced to what a vector states: which rule fired, how severely, about what. */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.severity} ${finding.code} ${finding.subject}`);
}

export { apiservers, node, summary, v };
