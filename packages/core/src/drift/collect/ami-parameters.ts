/**
 * Where EKS publishes the recommended AMI release for a managed node group's `amiType` and Kubernetes version
 * (drift.md §11, after terraform-aws-eks' map with its Windows Core/Full swap corrected). `json` marks the Windows
 * parameters, which have no `release_version` child: their value is a JSON document that contains it.
 */
interface AmiReleaseParameter {
  name: string;
  json: boolean;
}

const AL2023: Record<string, string> = {
  AL2023_x86_64_STANDARD: "amazon-linux-2023/x86_64/standard",
  AL2023_ARM_64_STANDARD: "amazon-linux-2023/arm64/standard",
  AL2023_x86_64_NEURON: "amazon-linux-2023/x86_64/neuron",
  AL2023_x86_64_NVIDIA: "amazon-linux-2023/x86_64/nvidia",
  AL2023_ARM_64_NVIDIA: "amazon-linux-2023/arm64/nvidia",
};

const AL2: Record<string, string> = {
  AL2_x86_64: "amazon-linux-2",
  AL2_x86_64_GPU: "amazon-linux-2-gpu",
  AL2_ARM_64: "amazon-linux-2-arm64",
};

/**
 * BOTTLEROCKET_<ARCH>[_NVIDIA][_FIPS] → `/aws/service/bottlerocket/aws-k8s-<v>[-nvidia][-fips]/<arch>/…`. The combined
 * NVIDIA+FIPS variant name is inferred from the other two (unconfirmed); a wrong guess shows up as a missing parameter.
 */
const BOTTLEROCKET = /^BOTTLEROCKET_(x86_64|ARM_64)(_NVIDIA)?(_FIPS)?$/;
/** WINDOWS_<CORE|FULL>_<year>_x86_64 → `Windows_Server-<year>-English-<Core|Full>-EKS_Optimized-<v>`. */
const WINDOWS = /^WINDOWS_(CORE|FULL)_(\d{4})_x86_64$/;

/** The parameter for `amiType` at Kubernetes `version` ("1.31"), or undefined for CUSTOM and unknown AMI types. */
function amiReleaseParameter(amiType: string, version: string): AmiReleaseParameter | undefined {
  const al2023 = AL2023[amiType];
  if (al2023) return { name: `/aws/service/eks/optimized-ami/${version}/${al2023}/recommended/release_version`, json: false };
  const al2 = AL2[amiType];
  if (al2) return { name: `/aws/service/eks/optimized-ami/${version}/${al2}/recommended/release_version`, json: false };
  const bottlerocket = BOTTLEROCKET.exec(amiType);
  if (bottlerocket) {
    const [, arch, nvidia, fips] = bottlerocket;
    const variant = `${nvidia ? "-nvidia" : ""}${fips ? "-fips" : ""}`;
    return { name: `/aws/service/bottlerocket/aws-k8s-${version}${variant}/${arch === "ARM_64" ? "arm64" : "x86_64"}/latest/image_version`, json: false };
  }
  const windows = WINDOWS.exec(amiType);
  if (windows) {
    const [, edition, year] = windows;
    return { name: `/aws/service/ami-windows-latest/Windows_Server-${year}-English-${edition === "CORE" ? "Core" : "Full"}-EKS_Optimized-${version}`, json: true };
  }
  // CUSTOM: releaseVersion is an AMI id; only the nodes' kubelets tell the version (checklist 8.3).
  return undefined;
}

export { amiReleaseParameter };
export type { AmiReleaseParameter };
