import { amiReleaseParameter, compareRelease, imageTag } from "@caretaker/core/drift";
import { describe, expect, it } from "vitest";

describe("amiReleaseParameter", () => {
  it.each([
    ["AL2023_x86_64_STANDARD", { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version", json: false }],
    ["AL2023_ARM_64_NVIDIA", { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/arm64/nvidia/recommended/release_version", json: false }],
    ["AL2_x86_64", { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/release_version", json: false }],
    ["AL2_ARM_64", { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-arm64/recommended/release_version", json: false }],
    ["AL2_x86_64_GPU", { name: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-gpu/recommended/release_version", json: false }],
    ["BOTTLEROCKET_x86_64", { name: "/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_version", json: false }],
    ["BOTTLEROCKET_ARM_64_NVIDIA", { name: "/aws/service/bottlerocket/aws-k8s-1.31-nvidia/arm64/latest/image_version", json: false }],
    ["BOTTLEROCKET_x86_64_FIPS", { name: "/aws/service/bottlerocket/aws-k8s-1.31-fips/x86_64/latest/image_version", json: false }],
    // Core is Core: the Terraform module this map comes from swaps Core and Full (drift.md §11).
    ["WINDOWS_CORE_2022_x86_64", { name: "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.31", json: true }],
    ["WINDOWS_FULL_2019_x86_64", { name: "/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-1.31", json: true }],
  ])("finds the recommended release of %s in SSM", (amiType, expected) => {
    // Act
    const parameter = amiReleaseParameter(amiType, "1.31");

    // Assess
    expect(parameter).toEqual(expected);
  });

  it("has none for CUSTOM AMIs, whose releaseVersion is an AMI id, nor for AMI types it does not know", () => {
    // Act
    const custom = amiReleaseParameter("CUSTOM", "1.31");
    const unknown = amiReleaseParameter("SOMETHING_NEW", "1.31");

    // Assess
    expect(custom).toBeUndefined();
    expect(unknown).toBeUndefined();
  });
});

describe("compareRelease", () => {
  it.each([
    ["1.31.3-20250103", "1.31.3-20250103", "same"],
    ["1.31.2-20241213", "1.31.3-20250103", "behind"],
    ["1.31.3-20250103", "1.31.3-20250110", "behind"],
    ["1.31.4-20250210", "1.31.3-20250103", "ahead"],
    ["1.20.3-5d9ac849", "1.21.0-8a1b2c3d", "behind"],
    ["1.21.0-8a1b2c3d", "1.20.3-5d9ac849", "ahead"],
    ["ami-0abc1234def567890", "1.31.3-20250103", "different"],
  ])("puts installed %s against recommended %s: %s", (installed, recommended, expected) => {
    // Act
    const comparison = compareRelease(installed, recommended);

    // Assess
    expect(comparison).toBe(expected);
  });
});

describe("imageTag", () => {
  it.each([
    ["602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.31.2-minimal-eksbuild.3", "v1.31.2-minimal-eksbuild.3"],
    ["registry.local:5000/kube-proxy:v1.30.1", "v1.30.1"],
    ["registry.k8s.io/kube-proxy:v1.30.1@sha256:0123456789abcdef", "v1.30.1"],
    ["registry.local:5000/kube-proxy@sha256:0123456789abcdef", undefined],
    ["kube-proxy", undefined],
  ])("reads the tag of %s", (image, expected) => {
    // Act
    const tag = imageTag(image);

    // Assess
    expect(tag).toBe(expected);
  });
});
