import { type PolicyRule, READER_GROUP } from "@caretaker/core/access";
import { ClusterConnection } from "@caretaker/core/eks";
import { IMAGE_SCAN_RULES, imageScannerRbac, type InUseScan, InUseSet, scanClusterImages, unscannedCluster } from "@caretaker/core/image-gc/in-use";
import { type ClusterSpec, type SandboxCluster, startCluster } from "@caretaker/sandbox";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const R = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const digest = (byte: string) => `sha256:${byte.repeat(32)}`;
/** web:v2 pointed here when the pods pulled it; it has been re-pushed since, so ECR now has v2 on NEW. */
const OLD = digest("01");
const NEW = digest("02");
const V3 = digest("03");
const PINNED = digest("04");
const TAGGED_PIN = digest("05");
const SHARED = digest("06");
const UNUSED = digest("ff");
const SCANNER_TOKEN = "image-scanner-token";

const repository = (name: string, region = "eu-west-1", registryId = "111122223333") => ({ registryId, region, name });

const clusters: SandboxCluster[] = [];
const scans: InUseScan[] = [];

/** Starts a cluster, scans it as the image scanner (bound to `rules`), and keeps the scan. */
async function scanned(spec: ClusterSpec, options: { rules?: PolicyRule[]; resolve?: (image: string) => string | undefined } = {}): Promise<InUseScan> {
  const rbac = imageScannerRbac().map((object) => (object.kind === "ClusterRole" ? { ...object, rules: options.rules ?? IMAGE_SCAN_RULES } : object));
  const cluster = await startCluster(
    { nodes: [{ name: "node-a" }], ...spec, objects: rbac as never[], staticTokens: { [SCANNER_TOKEN]: { username: "caretaker-scanner", groups: [READER_GROUP] } } },
    options.resolve ? { resolveImage: options.resolve } : {},
  );
  clusters.push(cluster);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(cluster.kubeconfig({ name: "scanner", token: SCANNER_TOKEN })));
  const scan = await scanClusterImages(new ClusterConnection({ cluster: spec.name, kubeConfig, source: "kubeconfig" }));
  scans.push(scan);
  return scan;
}

beforeAll(async () => {
  await scanned(
    {
      name: "prod",
      deployments: [
        { name: "web", namespace: "shop", replicas: 2, image: `${R}/web:v2` },
        { name: "pinned", namespace: "shop", image: `${R}/pinned@${PINNED}` },
        { name: "tagged-pin", namespace: "shop", image: `${R}/tagged-pin:v1@${TAGGED_PIN}` },
      ],
      pods: [
        { name: "fips", namespace: "hosts", image: "111122223333.dkr.ecr-fips.eu-west-1.amazonaws.com/shared:fips" },
        { name: "dual-stack", namespace: "hosts", image: "111122223333.dkr-ecr.eu-west-1.on.aws/shared:dual" },
        { name: "port", namespace: "hosts", image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com:443/shared:port" },
        { name: "upper", namespace: "hosts", image: "111122223333.DKR.ECR.EU-WEST-1.AMAZONAWS.COM/shared:upper" },
        { name: "us-east-1", namespace: "hosts", image: "111122223333.dkr.ecr.us-east-1.amazonaws.com/shared:fips" },
        { name: "other-account", namespace: "hosts", image: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/shared:fips" },
        { name: "untagged", namespace: "hosts", image: `${R}/tool` },
        { name: "hub", namespace: "public", image: "nginx:1.27" },
        { name: "ecr-public", namespace: "public", image: "public.ecr.aws/docker/library/nginx:1.27" },
        { name: "ghcr", namespace: "public", image: "ghcr.io/org/tool:1" },
      ],
    },
    { resolve: (image) => (image === `${R}/web:v2` ? OLD : image.includes("/shared:") ? SHARED : undefined) },
  );
  await scanned({ name: "staging", deployments: [{ name: "web", namespace: "shop", image: `${R}/web:v3` }] }, { resolve: (image) => (image === `${R}/web:v3` ? V3 : undefined) });
  const withoutRevisions = IMAGE_SCAN_RULES.map((rule) => ({ ...rule, resources: rule.resources.filter((resource) => resource !== "controllerrevisions") }));
  await scanned({ name: "partial", deployments: [{ name: "batch", namespace: "jobs", image: `${R}/batch:1` }] }, { rules: withoutRevisions });
});
afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

const fullyScanned = () => InUseSet.fromScans(scans.filter((scan) => scan.complete));

describe("InUseSet.protects", () => {
  it("keeps the digest a pod runs after its tag moved to another image", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const reasons = set.protects(repository("web"), { digest: OLD, tags: [] });
    // Assess
    expect(reasons).toEqual([expect.stringMatching(/^in-use:prod\/shop\/Pod\/web-\w+-\w+$/), expect.stringMatching(/^in-use:prod\/shop\/Pod\/web-\w+-\w+$/)]);
  });

  it("protects through a tag reference the image the tag points to now, not the one it pointed to before", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const current = set.protects(repository("web"), { digest: NEW, tags: ["v2", "release"] });
    const previous = set.protects(repository("web"), { digest: OLD, tags: [] });
    // Assess
    expect(current).toEqual(["in-use:prod/shop/Deployment/web", expect.stringMatching(/^in-use:prod\/shop\/Pod\/web-/), expect.stringMatching(/^in-use:prod\/shop\/Pod\/web-/), expect.stringMatching(/^in-use:prod\/shop\/ReplicaSet\/web-\w+$/)]);
    expect(previous).not.toContain("in-use:prod/shop/Deployment/web");
  });

  it("protects a pinned digest whatever tags it has", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const reasons = set.protects(repository("pinned"), { digest: PINNED, tags: [] });
    // Assess
    expect(reasons).toContain("in-use:prod/shop/Deployment/pinned");
  });

  it("protects the digest of a tag@digest reference and not the image its tag points to now", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const pinned = set.protects(repository("tagged-pin"), { digest: TAGGED_PIN, tags: [] });
    const tagNow = set.protects(repository("tagged-pin"), { digest: UNUSED, tags: ["v1"] });
    // Assess
    expect(pinned).toContain("in-use:prod/shop/Deployment/tagged-pin");
    expect(tagNow).toEqual([]);
  });

  it("protects the image tagged latest for a reference without tag or digest", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const reasons = set.protects(repository("tool"), { digest: UNUSED, tags: ["latest"] });
    // Assess
    expect(reasons).toEqual(["in-use:prod/hosts/Pod/untagged"]);
  });

  it("protects nothing no cluster refers to", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const reasons = set.protects(repository("web"), { digest: UNUSED, tags: ["v1", "v0"] });
    // Assess
    expect(reasons).toEqual([]);
  });

  it("reads every ECR host spelling of one repository as that repository, tags and imageIDs alike", () => {
    // Prepare
    const set = fullyScanned();
    const spellings = ["dual-stack", "fips", "port", "upper"].map((pod) => `in-use:prod/hosts/Pod/${pod}`);
    // Act
    const byTag = set.protects(repository("shared"), { digest: UNUSED, tags: ["fips", "dual", "port", "upper"] });
    const byImageId = set.protects(repository("shared"), { digest: SHARED, tags: [] });
    // Assess
    expect(byTag).toEqual(spellings);
    expect(byImageId).toEqual(spellings);
  });

  it("treats the same repository name in another Region or another registry as another repository", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const usEast = set.protects(repository("shared", "us-east-1"), { digest: SHARED, tags: ["fips"] });
    const otherAccount = set.protects(repository("shared", "eu-west-1", "444455556666"), { digest: SHARED, tags: ["fips"] });
    // Assess
    expect(usEast).toEqual(["in-use:prod/hosts/Pod/us-east-1"]);
    expect(otherAccount).toEqual(["in-use:prod/hosts/Pod/other-account"]);
  });

  it("ignores images from registries other than private ECR", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const hub = set.protects(repository("library/nginx"), { digest: UNUSED, tags: ["1.27"] });
    const ecrPublic = set.protects(repository("docker/library/nginx"), { digest: UNUSED, tags: ["1.27"] });
    const ghcr = set.protects(repository("org/tool"), { digest: UNUSED, tags: ["1"] });
    // Assess
    expect(scans[0]?.uses.some((use) => use.raw === "nginx:1.27")).toBe(true);
    expect([...hub, ...ecrPublic, ...ghcr]).toEqual([]);
  });

  it("merges the uses of several clusters", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const v3 = set.protects(repository("web"), { digest: V3, tags: ["v3"] });
    // Assess
    expect(v3.some((reason) => reason.startsWith("in-use:staging/shop/Pod/web-"))).toBe(true);
    expect(v3).toContain("in-use:staging/shop/Deployment/web");
    expect(v3.some((reason) => reason.startsWith("in-use:prod/"))).toBe(false);
  });

  it("still counts what an incomplete scan found", () => {
    // Prepare
    const set = InUseSet.fromScans(scans);
    // Act
    const reasons = set.protects(repository("batch"), { digest: UNUSED, tags: ["1"] });
    // Assess
    expect(reasons).toContain("in-use:partial/jobs/Deployment/batch");
  });
});

describe("InUseSet.unknownFor", () => {
  it("names no cluster when every scan was complete", () => {
    // Prepare
    const set = fullyScanned();
    // Act
    const unknown = set.unknownFor(repository("web"));
    // Assess
    expect(unknown).toEqual([]);
  });

  it("names every cluster that could not be scanned completely, for any repository, with the reasons", () => {
    // Prepare
    const set = InUseSet.fromScans([...scans, unscannedCluster("dr", 'EKS cluster "dr" does not exist in eu-west-1')]);
    // Act
    const unknownForWeb = set.unknownFor(repository("web"));
    const unknownElsewhere = set.unknownFor(repository("anything", "ap-southeast-2", "999999999999"));
    // Assess
    expect(unknownForWeb).toEqual(["dr", "partial"]);
    expect(unknownElsewhere).toEqual(["dr", "partial"]);
    expect(set.failures().get("partial")).toEqual([expect.stringContaining("denied list on controllerrevisions")]);
    expect(set.failures().get("dr")).toEqual(['EKS cluster "dr" does not exist in eu-west-1']);
  });
});
