import { describe, expect, it } from "vitest";
import { ecrRepositoryOf, parseImageReference, repositoryKey } from "../../../src/image-gc/references";

const D = `sha256:${"b2".repeat(32)}`;

describe("ecrRepositoryOf", () => {
  it.each([
    ["the default host", "111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:v1", "eu-west-1"],
    ["the FIPS host", "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api:v1", "us-gov-west-1"],
    ["the China partition host", "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/api:v1", "cn-north-1"],
    ["the dual-stack host", "111122223333.dkr-ecr.ap-southeast-2.on.aws/api:v1", "ap-southeast-2"],
    ["the dual-stack FIPS host", "111122223333.dkr-ecr-fips.us-east-2.on.aws/api:v1", "us-east-2"],
    ["an explicit :443", "111122223333.dkr.ecr.eu-west-1.amazonaws.com:443/api:v1", "eu-west-1"],
    ["an upper-case host", "111122223333.DKR.ECR.EU-WEST-1.AMAZONAWS.COM/api:v1", "eu-west-1"],
  ])("recognises %s", (_form, reference, region) => {
    // Act
    const ecr = ecrRepositoryOf(reference);
    // Assess
    expect(ecr).toEqual({ registryId: "111122223333", region, repository: "api", tag: "v1" });
  });

  it("keeps the digest of a pinned reference and the tag and digest of a tag@digest one", () => {
    // Act
    const pinned = ecrRepositoryOf(`111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/api@${D}`);
    const both = ecrRepositoryOf(`111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/api:v2@${D}`);
    // Assess
    expect(pinned).toEqual({ registryId: "111122223333", region: "eu-west-1", repository: "team/api", digest: D });
    expect(both).toEqual({ registryId: "111122223333", region: "eu-west-1", repository: "team/api", tag: "v2", digest: D });
  });

  it("reads a container status imageID from the Docker runtime", () => {
    // Act
    const ecr = ecrRepositoryOf(`docker-pullable://111122223333.dkr.ecr.eu-west-1.amazonaws.com/api@${D}`);
    // Assess
    expect(ecr).toEqual({ registryId: "111122223333", region: "eu-west-1", repository: "api", digest: D });
  });

  it("implies :latest like a pull does", () => {
    // Act
    const ecr = ecrRepositoryOf("111122223333.dkr.ecr.eu-west-1.amazonaws.com/api");
    // Assess
    expect(ecr?.tag).toBe("latest");
  });

  it("names a pull-through cache repository by its whole path, prefix included", () => {
    // Act
    const ecr = ecrRepositoryOf("111122223333.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/nginx:1.27");
    // Assess
    expect(ecr?.repository).toBe("docker-hub/library/nginx");
  });

  it("accepts an already parsed reference", () => {
    // Prepare
    const ref = parseImageReference("111122223333.dkr-ecr.eu-west-1.on.aws/api:v1");
    // Act
    const ecr = ecrRepositoryOf(ref as never);
    // Assess
    expect(ecr).toEqual({ registryId: "111122223333", region: "eu-west-1", repository: "api", tag: "v1" });
  });

  it.each([
    ["Docker Hub", "nginx:1.27"],
    ["Docker Hub, explicit", "docker.io/library/nginx:1.27"],
    ["ECR Public", "public.ecr.aws/eks-distro/kubernetes/pause:3.9"],
    ["ECR Public dual-stack", "ecr-public.aws.com/docker/library/nginx:1"],
    ["GitHub", "ghcr.io/org/app:1"],
    ["registry.k8s.io", "registry.k8s.io/pause:3.10"],
    ["quay.io", "quay.io/prometheus/node-exporter:v1.8.0"],
    ["a host ending in a lookalike domain", "111122223333.dkr.ecr.eu-west-1.amazonaws.com.evil.example/api:v1"],
    ["a lookalike host prefix", "x111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:v1"],
    ["an ECR host as a path", "registry.example.com/111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:v1"],
    ["an 11-digit registry id", "11112222333.dkr.ecr.eu-west-1.amazonaws.com/api:v1"],
    ["a 13-digit registry id", "1111222233334.dkr.ecr.eu-west-1.amazonaws.com/api:v1"],
    ["a region that is not one", "111122223333.dkr.ecr.westeurope.amazonaws.com/api:v1"],
    ["the dual-stack label on the amazonaws.com host", "111122223333.dkr-ecr.eu-west-1.amazonaws.com/api:v1"],
    ["the classic label on the on.aws host", "111122223333.dkr.ecr.eu-west-1.on.aws/api:v1"],
    ["a port other than 443", "111122223333.dkr.ecr.eu-west-1.amazonaws.com:5000/api:v1"],
    ["the ECR API host", "api.ecr.eu-west-1.amazonaws.com/api:v1"],
    ["a malformed ECR reference", "111122223333.dkr.ecr.eu-west-1.amazonaws.com/API:v1"],
    ["a bare image id", `docker://${D}`],
  ])("ignores %s", (_case, reference) => {
    // Act
    const ecr = ecrRepositoryOf(reference);
    // Assess
    expect(ecr).toBeUndefined();
  });
});

describe("repositoryKey", () => {
  it("tells apart the same repository name in two Regions and two registries", () => {
    // Act
    const keys = new Set([
      repositoryKey({ registryId: "111122223333", region: "eu-west-1", name: "api" }),
      repositoryKey({ registryId: "111122223333", region: "us-east-1", name: "api" }),
      repositoryKey({ registryId: "444455556666", region: "eu-west-1", name: "api" }),
    ]);
    // Assess
    expect(keys.size).toBe(3);
  });
});
