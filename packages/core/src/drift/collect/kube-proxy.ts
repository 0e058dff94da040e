import { AppsV1Api } from "@kubernetes/client-node";
import type { ClusterConnection } from "../../eks/connection";
import { ClusterAccessError } from "../../eks/errors";
import type { CollectContext } from "./context";
import { kubeRequest } from "./kube-request";
import type { AddonFacts, KubeProxyFacts } from "./facts";

/** What reading `kube-system/kube-proxy` found. */
type DaemonSetRead = { found: KubeProxyFacts } | { absent: true } | { failed: string };

/**
 * The tag of an image reference: `…/eks/kube-proxy:v1.31.2-minimal-eksbuild.3` → `v1.31.2-minimal-eksbuild.3`.
 * A digest-only reference has no tag, hence no readable version. The tag is after the last ":" of the last path
 * segment (a registry port is in the first segment).
 */
function imageTag(image: string): string | undefined {
  const withoutDigest = image.split("@")[0] ?? "";
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

/**
 * kube-proxy's version from the `kube-system/kube-proxy` DaemonSet's image tag (what eksup reads, drift.md §4.4);
 * `nodeInfo.kubeProxyVersion` is empty by default from 1.31. No DaemonSet means no kube-proxy to check.
 */
async function readKubeProxyDaemonSet(ctx: CollectContext, connection: ClusterConnection): Promise<DaemonSetRead> {
  const apps = connection.api(AppsV1Api);
  let daemonSet;
  try {
    daemonSet = await kubeRequest(ctx, connection, "get daemonset kube-system/kube-proxy", (options) => apps.readNamespacedDaemonSet({ namespace: "kube-system", name: "kube-proxy" }, options));
  } catch (error) {
    if (error instanceof ClusterAccessError && error.status === 404) return { absent: true };
    return { failed: error instanceof Error ? error.message : String(error) };
  }
  const containers = daemonSet.spec?.template.spec?.containers ?? [];
  const image = (containers.find((container) => container.name === "kube-proxy") ?? containers[0])?.image ?? "";
  const tag = imageTag(image);
  if (!tag) return { failed: `the kube-system/kube-proxy DaemonSet's image "${image}" has no tag to read a version from` };
  return { found: { source: "daemonset", version: tag, image } };
}

/**
 * The DaemonSet wins (it is what runs); when it cannot be read, the EKS kube-proxy add-on's version stands in, and
 * the problem is still reported. A missing DaemonSet (Auto Mode, or kube-proxy replaced) means nothing to check.
 */
function chooseKubeProxy(ctx: CollectContext, read: DaemonSetRead, addons: readonly AddonFacts[]): KubeProxyFacts | undefined {
  if ("found" in read) return read.found;
  if ("absent" in read) return undefined;
  const addon = addons.find((candidate) => candidate.name === "kube-proxy" && candidate.version);
  const failed = read.failed.endsWith(".") ? read.failed : `${read.failed}.`;
  ctx.problem("kube-proxy", addon ? `${failed} The kube-proxy add-on's version (${addon.version}) was checked instead.` : `${failed} kube-proxy's version was not checked.`);
  return addon?.version ? { source: "addon", version: addon.version } : undefined;
}

export { chooseKubeProxy, imageTag, readKubeProxyDaemonSet };
export type { DaemonSetRead };
