import type { Finding } from "../skew";
import { nodeSubject } from "../skew/nodes";
import { formatMinor } from "../versions";
import type { GroupedNode } from "./node-groups";

/** How many node names a grouped finding lists before "and N more". */
const NAMED_NODES = 3;

interface Member {
  finding: Finding;
  node: GroupedNode["node"];
}

/** "1.25 ×2, 1.26 ×3" — or "1.28" when they all agree. */
function versionsPhrase(members: readonly Member[]): string {
  const counts = new Map<string, number>();
  for (const { node } of [...members].sort((a, b) => a.node.kubelet.minor - b.node.kubelet.minor)) {
    const version = formatMinor(node.kubelet);
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  if (counts.size === 1) return [...counts.keys()][0] as string;
  return [...counts].map(([version, count]) => `${version} ×${count}`).join(", ");
}

/**
 * The finding whose explanation stands for the group: the node furthest from the control plane (the newest for
 * "newer than" rules, the oldest otherwise), so the text states the worst case.
 */
function representative(code: string, members: readonly Member[]): Member {
  const newest = code.includes("newer");
  return members.reduce((best, member) => ((newest ? member.node.kubelet.minor > best.node.kubelet.minor : member.node.kubelet.minor < best.node.kubelet.minor) ? member : best));
}

function merge(code: string, group: string, members: readonly Member[]): Finding {
  const chosen = representative(code, members);
  const count = members.length;
  const names = members.slice(0, NAMED_NODES).map((member) => member.node.name);
  const more = count > NAMED_NODES ? ` and ${count - NAMED_NODES} more` : "";
  const who = `${count === 1 ? "1 node" : `${count} nodes`} (kubelet ${versionsPhrase(members)}): ${names.join(", ")}${more}.`;
  const mixed = new Set(members.map((member) => member.node.kubelet.minor)).size > 1;
  const worst = mixed ? ` ${code.includes("newer") ? "Newest" : "Oldest"}: ${chosen.node.name}.` : "";
  // Per-node advice ("Replace it …") reads as advice for each node; node-group advice already names the group.
  const step = chosen.finding.nextStep;
  const nextStep = count > 1 && chosen.node.computeType !== "managed-node-group" ? `For each node: ${step.charAt(0).toLowerCase()}${step.slice(1)}` : step;
  return { ...chosen.finding, subject: group, explanation: `${who}${worst} ${chosen.finding.explanation}`, nextStep };
}

/**
 * Folds the skew rules' per-node findings into one per rule and node group (managed node group, NodePool, Fargate,
 * Auto Scaling group, …), in first-seen order. A thousand nodes behind make one finding, not a thousand, and its
 * fingerprint survives node replacement — Karpenter and Fargate nodes get new names all the time. Findings about
 * anything else (kube-proxy, the control plane, a node group) pass through unchanged.
 */
function groupNodeFindings<F extends Finding>(findings: readonly F[], nodes: readonly GroupedNode[]): F[] {
  const bySubject = new Map(nodes.map((grouped) => [nodeSubject(grouped.node), grouped]));
  const out: Array<F | { key: string }> = [];
  const groups = new Map<string, { code: string; group: string; members: Member[] }>();
  for (const finding of findings) {
    const grouped = bySubject.get(finding.subject);
    if (!grouped) {
      out.push(finding);
      continue;
    }
    const key = `${finding.code}\u0000${grouped.group}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = { code: finding.code, group: grouped.group, members: [] };
      groups.set(key, entry);
      out.push({ key });
    }
    entry.members.push({ finding, node: grouped.node });
  }
  return out.map((item) => {
    if (!("key" in item)) return item;
    const entry = groups.get(item.key) as { code: string; group: string; members: Member[] };
    return merge(entry.code, entry.group, entry.members) as F;
  });
}

export { groupNodeFindings };
