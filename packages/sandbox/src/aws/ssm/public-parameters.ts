import type { SsmParameterSpec } from "./spec";

/**
 * The EKS optimised AMI public parameters for one Kubernetes version and AMI family (drift.md §11, EKS UG
 * retrieve-ami-id): `/aws/service/eks/optimized-ami/<k8s>/<family>/recommended` (a JSON document) and its
 * `image_id`, `image_name`, `release_version` and `schema_version` children.
 */
type AmiFamily =
  | "amazon-linux-2023/x86_64/standard"
  | "amazon-linux-2023/arm64/standard"
  | "amazon-linux-2023/x86_64/nvidia"
  | "amazon-linux-2023/x86_64/neuron"
  | "amazon-linux-2"
  | "amazon-linux-2-arm64"
  | "amazon-linux-2-gpu";

interface EksAmiRelease {
  kubernetesVersion: string;
  /** Default "amazon-linux-2023/x86_64/standard". */
  family?: AmiFamily;
  /** e.g. "1.31.3-20250103" (`<kubernetes patch>-<build date>`). */
  releaseVersion: string;
  /** Default a deterministic `ami-` id derived from the release. */
  imageId?: string;
  version?: number;
  lastModifiedDate?: Date | string;
}

/** The AMI name EKS publishes, e.g. amazon-eks-node-al2023-x86_64-standard-1.31-v20250103. */
function imageName(family: AmiFamily, kubernetesVersion: string, buildDate: string): string {
  if (family.startsWith("amazon-linux-2023/")) {
    const [, arch, variant] = family.split("/");
    return `amazon-eks-node-al2023-${arch}-${variant}-${kubernetesVersion}-v${buildDate}`;
  }
  const suffix = family === "amazon-linux-2-arm64" ? "arm64-" : family === "amazon-linux-2-gpu" ? "gpu-" : "";
  return `amazon-eks-${suffix}node-${kubernetesVersion}-v${buildDate}`;
}

function deterministicAmiId(seed: string): string {
  let h = 0x811c9dc5;
  for (const char of seed) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const part = (n: number) => (Math.imul(h, n) >>> 0).toString(16).padStart(8, "0");
  return `ami-${(part(1) + part(31) + part(131)).slice(0, 17)}`;
}

function eksOptimizedAmiParameters(release: EksAmiRelease): SsmParameterSpec[] {
  const family = release.family ?? "amazon-linux-2023/x86_64/standard";
  const buildDate = release.releaseVersion.split("-").at(-1) ?? "";
  const base = `/aws/service/eks/optimized-ami/${release.kubernetesVersion}/${family}/recommended`;
  const imageId = release.imageId ?? deterministicAmiId(`${base}:${release.releaseVersion}`);
  const name = imageName(family, release.kubernetesVersion, buildDate);
  const common = {
    ...(release.version !== undefined ? { version: release.version } : {}),
    ...(release.lastModifiedDate !== undefined ? { lastModifiedDate: release.lastModifiedDate } : {}),
  };
  const document = JSON.stringify({ schema_version: "2", image_id: imageId, image_name: name, release_version: release.releaseVersion });
  return [
    { name: base, value: document, ...common },
    { name: `${base}/image_id`, value: imageId, ...common },
    { name: `${base}/image_name`, value: name, ...common },
    { name: `${base}/release_version`, value: release.releaseVersion, ...common },
    { name: `${base}/schema_version`, value: "2", ...common },
  ];
}

export { eksOptimizedAmiParameters };
export type { AmiFamily, EksAmiRelease };
