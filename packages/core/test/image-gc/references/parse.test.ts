import { describe, expect, it } from "vitest";
import { formatImageRef, parseImageReference } from "../../../src/image-gc/references";

const D = `sha256:${"a1".repeat(32)}`;
const ECR = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";

describe("parseImageReference", () => {
  it.each([
    ["nginx", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["nginx:1.27", { registry: "docker.io", repository: "library/nginx", tag: "1.27" }],
    ["bitnami/redis:7", { registry: "docker.io", repository: "bitnami/redis", tag: "7" }],
    ["docker.io/nginx", { registry: "docker.io", repository: "library/nginx", tag: "latest" }],
    ["index.docker.io/library/nginx:1", { registry: "docker.io", repository: "library/nginx", tag: "1" }],
    [`${ECR}/team/api:v3`, { registry: ECR, repository: "team/api", tag: "v3" }],
    [`${ECR}/api`, { registry: ECR, repository: "api", tag: "latest" }],
    [`${ECR}/api@${D}`, { registry: ECR, repository: "api", digest: D }],
    [`${ECR}/api:v3@${D}`, { registry: ECR, repository: "api", tag: "v3", digest: D }],
    ["localhost/app", { registry: "localhost", repository: "app", tag: "latest" }],
    ["localhost:5000/app:dev", { registry: "localhost:5000", repository: "app", tag: "dev" }],
    ["registry.example.com:8443/a/b/c:1.0-rc_1", { registry: "registry.example.com:8443", repository: "a/b/c", tag: "1.0-rc_1" }],
    ["[::1]:5000/app:1", { registry: "[::1]:5000", repository: "app", tag: "1" }],
    ["public.ecr.aws/eks-distro/kubernetes/pause:3.9", { registry: "public.ecr.aws", repository: "eks-distro/kubernetes/pause", tag: "3.9" }],
    ["ghcr.io/org/tool__x/a-b--c.d:v_1", { registry: "ghcr.io", repository: "org/tool__x/a-b--c.d", tag: "v_1" }],
  ])("reads %s", (reference, expected) => {
    // Act
    const ref = parseImageReference(reference);
    // Assess
    expect(ref).toEqual(expected);
  });

  it("strips the Docker runtime's docker-pullable:// and docker:// prefixes from imageIDs", () => {
    // Act
    const pullable = parseImageReference(`docker-pullable://${ECR}/api@${D}`);
    const docker = parseImageReference(`docker://${ECR}/api@${D}`);
    // Assess
    expect(pullable).toEqual({ registry: ECR, repository: "api", digest: D });
    expect(docker).toEqual(pullable);
  });

  it("lower-cases the registry host, which is case-insensitive, and keeps the tag's case", () => {
    // Act
    const ref = parseImageReference("Registry.Example.COM/app:Release-1");
    // Assess
    expect(ref).toEqual({ registry: "registry.example.com", repository: "app", tag: "Release-1" });
  });

  it("gives a digest-only reference no tag, since the runtime pulls by digest", () => {
    // Act
    const ref = parseImageReference(`app@${D}`);
    // Assess
    expect(ref).toEqual({ registry: "docker.io", repository: "library/app", digest: D });
    expect(ref).not.toHaveProperty("tag");
  });

  it("accepts sha512 digests of their exact length", () => {
    // Act
    const ref = parseImageReference(`app@sha512:${"f".repeat(128)}`);
    // Assess
    expect(ref?.digest).toBe(`sha512:${"f".repeat(128)}`);
  });

  it.each([
    ["the empty string", ""],
    ["a bare runtime prefix", "docker-pullable://"],
    ["leading whitespace", " nginx"],
    ["trailing whitespace", "nginx:1 "],
    ["an inner space", "my app:1"],
    ["a bare image id (docker://sha256:…)", `docker://${D}`],
    ["a bare image id without prefix", D],
    ["64 hex characters alone", "a1".repeat(32)],
    ["an empty tag", "nginx:"],
    ["an empty digest", "nginx@"],
    ["a short digest", "nginx@sha256:abc"],
    ["an upper-case digest", `nginx@sha256:${"A1".repeat(32)}`],
    ["an unknown digest algorithm", `nginx@md5:${"a".repeat(32)}`],
    ["two digests", `nginx@${D}@${D}`],
    ["a tag after the digest", `nginx@${D}:v1`],
    ["two tags", "nginx:1:2"],
    ["a tag starting with a dot", "nginx:.1"],
    ["a tag of 129 characters", `nginx:${"t".repeat(129)}`],
    ["an upper-case repository", `${ECR}/Api:1`],
    ["an empty path component", `${ECR}//api:1`],
    ["a trailing slash", `${ECR}/api/`],
    ["a leading slash", "/api:1"],
    ["a registry with no repository", `${ECR}/:v1`],
    ["a URL scheme", `https://${ECR}/api:1`],
    ["a component ending in a separator", "team-/api"],
    ["a host with an empty label", "registry..example.com/app"],
    ["a host with a non-numeric port", "registry.example.com:https/app"],
    ["a name longer than 255 characters", `${ECR}/${"a".repeat(250)}`],
  ])("refuses %s", (_case, reference) => {
    // Act
    const ref = parseImageReference(reference);
    // Assess
    expect(ref).toBeUndefined();
  });

  it("refuses a value that is not a string", () => {
    // Act
    const ref = parseImageReference(42 as unknown as string);
    // Assess
    expect(ref).toBeUndefined();
  });
});

describe("formatImageRef", () => {
  it("spells equivalent references the same way", () => {
    // Prepare
    const spellings = ["nginx", "docker.io/library/nginx:latest", "index.docker.io/nginx", "docker-pullable://nginx:latest"];
    // Act
    const formatted = new Set(spellings.map((spelling) => formatImageRef(parseImageReference(spelling) as never)));
    // Assess
    expect([...formatted]).toEqual(["docker.io/library/nginx:latest"]);
  });

  it("keeps both tag and digest when both are written", () => {
    // Act
    const formatted = formatImageRef(parseImageReference(`${ECR}/api:v3@${D}`) as never);
    // Assess
    expect(formatted).toBe(`${ECR}/api:v3@${D}`);
  });
});
