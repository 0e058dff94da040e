import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeImagesCommand, DescribePullThroughCacheRulesCommand, DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand, type ImageDetail, ImageNotFoundException, ImageTagAlreadyExistsException, InvalidParameterException, LifecyclePolicyNotFoundException, ListImagesCommand, ListTagsForResourceCommand, PullThroughCacheRuleNotFoundException, RepositoryNotFoundException } from "@aws-sdk/client-ecr";
import { describe, expect, it } from "vitest";
import { ISOLATED_ACCOUNT, ISOLATED_START, withAccount } from "./isolated-fake";
import { type EcrSpec, FakeEcr, MediaType } from "../../src/aws/ecr";

const ACCOUNT = ISOLATED_ACCOUNT;
const NOW = ISOLATED_START;

function sandbox(spec: EcrSpec, partition = "aws") {
  const { clock, fake } = withAccount((account) => new FakeEcr(account.contextFor("ecr"), spec), partition);
  return { fake, clock, ecr: new ECRClient({ region: "eu-west-1" }) };
}

function untaggedImages(count: number, repository = "team/api"): EcrSpec {
  return {
    repositories: [
      { name: repository, images: Array.from({ length: count }, (_, i) => ({ pushedAt: new Date(NOW.getTime() - i * 60_000) })) },
    ],
  };
}

async function allDetails(ecr: ECRClient, input: { repositoryName: string; maxResults?: number }) {
  const details: ImageDetail[] = [];
  const pages: number[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecr.send(new DescribeImagesCommand({ ...input, nextToken }));
    details.push(...(page.imageDetails ?? []));
    pages.push(page.imageDetails?.length ?? 0);
    nextToken = page.nextToken;
  } while (nextToken);
  return { details, pages };
}

describe("DescribeRepositories", () => {
  it("describes repositories with ECR's ARN, URI and defaults", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api", createdAt: "2025-01-02T03:04:05Z" }] });

    // Act
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({}));

    // Assess
    expect(repositories).toEqual([
      {
        repositoryArn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/api`,
        registryId: ACCOUNT,
        repositoryName: "team/api",
        repositoryUri: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/api`,
        createdAt: new Date("2025-01-02T03:04:05Z"),
        imageTagMutability: "MUTABLE",
        imageScanningConfiguration: { scanOnPush: false },
        encryptionConfiguration: { encryptionType: "AES256" },
      },
    ]);
  });

  it("pages through repositories with a token and a default page of 100", async () => {
    // Prepare
    const names = Array.from({ length: 250 }, (_, i) => `repo-${String(i).padStart(3, "0")}`);
    const { ecr } = sandbox({ repositories: names.map((name) => ({ name })) });

    // Act
    const first = await ecr.send(new DescribeRepositoriesCommand({}));
    const second = await ecr.send(new DescribeRepositoriesCommand({ nextToken: first.nextToken, maxResults: 1000 }));

    // Assess
    expect(first.repositories).toHaveLength(100);
    expect(second.repositories).toHaveLength(150);
    expect(second.nextToken).toBeUndefined();
    expect([...(first.repositories ?? []), ...(second.repositories ?? [])].map((r) => r.repositoryName)).toEqual(names);
  });

  it("fails with RepositoryNotFoundException for an unknown name", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api" }] });

    // Act
    const call = ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["team/api", "team/gone"] }));

    // Assess
    await expect(call).rejects.toThrow(RepositoryNotFoundException);
    await expect(call).rejects.toThrow(
      `The repository with name 'team/gone' does not exist in the registry with id '${ACCOUNT}'`,
    );
  });

  it("rejects maxResults above 1000", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api" }] });

    // Act
    const call = ecr.send(new DescribeRepositoriesCommand({ maxResults: 1001 }));

    // Assess
    await expect(call).rejects.toThrow(InvalidParameterException);
  });
});

describe("DescribeImages", () => {
  it("reports each image with ECR's ImageDetail fields, leaving out what ECR leaves out", async () => {
    // Prepare
    const { ecr, fake } = sandbox({
      repositories: [
        {
          name: "team/api",
          images: [
            { ref: "tagged", tags: ["v1", "latest"], pushedAt: "2026-02-01T00:00:00Z", lastPulledAt: "2026-02-20T00:00:00Z", sizeBytes: 4242 },
            { ref: "untagged", pushedAt: "2026-01-01T00:00:00Z" },
          ],
        },
      ],
    });

    // Act
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "team/api" }));

    // Assess
    const tagged = imageDetails?.find((detail) => detail.imageDigest === fake.digestOf("team/api", "tagged"));
    const untagged = imageDetails?.find((detail) => detail.imageDigest === fake.digestOf("team/api", "untagged"));
    expect(tagged).toEqual({
      registryId: ACCOUNT,
      repositoryName: "team/api",
      imageDigest: fake.digestOf("team/api", "v1"),
      imageTags: ["v1", "latest"],
      imageSizeInBytes: 4242,
      imagePushedAt: new Date("2026-02-01T00:00:00Z"),
      imageManifestMediaType: MediaType.ociManifest,
      artifactMediaType: MediaType.ociConfig,
      lastRecordedPullTime: new Date("2026-02-20T00:00:00Z"),
      imageStatus: "ACTIVE",
    });
    expect(untagged).not.toHaveProperty("imageTags");
    expect(untagged).not.toHaveProperty("lastRecordedPullTime");
  });

  it("returns 100 images per page by default and every image exactly once across pages", async () => {
    // Prepare
    const { ecr } = sandbox(untaggedImages(250));

    // Act
    const { details, pages } = await allDetails(ecr, { repositoryName: "team/api" });

    // Assess
    expect(pages).toEqual([100, 100, 50]);
    expect(new Set(details.map((d) => d.imageDigest)).size).toBe(250);
  });

  it("honours maxResults up to 1000 and rejects 0 and 1001", async () => {
    // Prepare
    const { ecr } = sandbox(untaggedImages(1200));

    // Act
    const { pages } = await allDetails(ecr, { repositoryName: "team/api", maxResults: 1000 });
    const zero = ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", maxResults: 0 }));
    const tooMany = ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", maxResults: 1001 }));

    // Assess
    expect(pages).toEqual([1000, 200]);
    await expect(zero).rejects.toThrow(InvalidParameterException);
    await expect(tooMany).rejects.toThrow("Member must have value less than or equal to 1000");
  });

  it("keeps the next page correct when the previous page's images are deleted between calls", async () => {
    // Prepare
    const { ecr, fake } = sandbox(untaggedImages(30));
    const all = fake.images("team/api").map((image) => image.digest);
    const first = await ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", maxResults: 10 }));
    await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: "team/api",
        imageIds: (first.imageDetails ?? []).map((d) => ({ imageDigest: d.imageDigest })),
      }),
    );

    // Act
    const second = await ecr.send(
      new DescribeImagesCommand({ repositoryName: "team/api", maxResults: 10, nextToken: first.nextToken }),
    );

    // Assess
    expect(first.imageDetails?.map((d) => d.imageDigest)).toEqual(all.slice(0, 10));
    expect(second.imageDetails?.map((d) => d.imageDigest)).toEqual(all.slice(10, 20));
  });

  it("filters by tag status and lists archived images only when asked", async () => {
    // Prepare
    const { ecr } = sandbox({
      repositories: [
        {
          name: "team/api",
          images: [{ tags: ["a"] }, {}, { status: "ARCHIVED" }, { tags: ["b"], status: "ARCHIVED" }],
        },
      ],
    });
    const count = async (filter: ConstructorParameters<typeof DescribeImagesCommand>[0]["filter"]) =>
      (await ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", filter }))).imageDetails?.length;

    // Act
    const counts = {
      default: await count(undefined),
      tagged: await count({ tagStatus: "TAGGED" }),
      untagged: await count({ tagStatus: "UNTAGGED" }),
      archived: await count({ imageStatus: "ARCHIVED" }),
      any: await count({ imageStatus: "ANY", tagStatus: "ANY" }),
    };

    // Assess
    expect(counts).toEqual({ default: 2, tagged: 1, untagged: 1, archived: 2, any: 4 });
  });

  it("resolves a tag to its digest with imageIds and fails the call on an unknown tag", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "team/api", images: [{ tags: ["v1"] }] }] });

    // Act
    const found = await ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", imageIds: [{ imageTag: "v1" }] }));
    const missing = ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", imageIds: [{ imageTag: "v1" }, { imageTag: "v2" }] }));

    // Assess
    expect(found.imageDetails?.map((d) => d.imageDigest)).toEqual([fake.digestOf("team/api", "v1")]);
    await expect(missing).rejects.toThrow(ImageNotFoundException);
    await expect(missing).rejects.toThrow(
      `The image with imageId {imageDigest:'null', imageTag:'v2'} does not exist within the repository with name 'team/api' in the registry with id '${ACCOUNT}'`,
    );
  });

  it("rejects more than 100 imageIds", async () => {
    // Prepare
    const { ecr } = sandbox(untaggedImages(1));

    // Act
    const call = ecr.send(
      new DescribeImagesCommand({
        repositoryName: "team/api",
        imageIds: Array.from({ length: 101 }, (_, i) => ({ imageTag: `t${i}` })),
      }),
    );

    // Assess
    await expect(call).rejects.toThrow("Member must have length less than or equal to 100");
  });

  it("rejects a token issued for another repository", async () => {
    // Prepare
    const { ecr } = sandbox({
      repositories: [
        { name: "a", images: Array.from({ length: 3 }, () => ({})) },
        { name: "b", images: [{}] },
      ],
    });
    const first = await ecr.send(new DescribeImagesCommand({ repositoryName: "a", maxResults: 1 }));

    // Act
    const call = ecr.send(new DescribeImagesCommand({ repositoryName: "b", nextToken: first.nextToken }));

    // Assess
    await expect(call).rejects.toThrow(InvalidParameterException);
  });

  it("fails with RepositoryNotFoundException for an unknown repository or another registry", async () => {
    // Prepare
    const { ecr } = sandbox(untaggedImages(1));

    // Act
    const unknown = ecr.send(new DescribeImagesCommand({ repositoryName: "nope" }));
    const otherRegistry = ecr.send(new DescribeImagesCommand({ repositoryName: "team/api", registryId: "999999999999" }));

    // Assess
    await expect(unknown).rejects.toThrow(RepositoryNotFoundException);
    await expect(otherRegistry).rejects.toThrow("in the registry with id '999999999999'");
  });
});

describe("ListImages", () => {
  it("lists one entry per tag and a bare digest for untagged images", async () => {
    // Prepare
    const { ecr, fake } = sandbox({
      repositories: [{ name: "team/api", images: [{ ref: "two", tags: ["b", "a"] }, { ref: "none" }] }],
    });
    const two = fake.digestOf("team/api", "two");
    const none = fake.digestOf("team/api", "none");

    // Act
    const { imageIds } = await ecr.send(new ListImagesCommand({ repositoryName: "team/api" }));

    // Assess
    expect(imageIds).toHaveLength(3);
    expect(imageIds).toEqual(
      expect.arrayContaining([
        { imageDigest: two, imageTag: "a" },
        { imageDigest: two, imageTag: "b" },
        { imageDigest: none },
      ]),
    );
  });

  it("counts entries, not images, against maxResults and pages through all of them", async () => {
    // Prepare
    const { ecr } = sandbox({
      repositories: [{ name: "team/api", images: Array.from({ length: 5 }, (_, i) => ({ tags: [`x${i}`, `y${i}`] })) }],
    });

    // Act
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ecr.send(new ListImagesCommand({ repositoryName: "team/api", maxResults: 3, nextToken }));
      seen.push(...(page.imageIds ?? []).map((id) => id.imageTag as string));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);

    // Assess
    expect(pages).toBe(4);
    expect(seen.sort()).toEqual(["x0", "x1", "x2", "x3", "x4", "y0", "y1", "y2", "y3", "y4"]);
  });

  it("filters untagged entries", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api", images: [{ tags: ["v1"] }, {}, {}] }] });

    // Act
    const { imageIds } = await ecr.send(new ListImagesCommand({ repositoryName: "team/api", filter: { tagStatus: "UNTAGGED" } }));

    // Assess
    expect(imageIds).toHaveLength(2);
    expect(imageIds?.every((id) => id.imageTag === undefined)).toBe(true);
  });
});

describe("repository settings", () => {
  it("returns the lifecycle policy text with the epoch as lastEvaluatedAt until evaluated", async () => {
    // Prepare
    const policy = { rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }, action: { type: "expire" } }] };
    const { ecr } = sandbox({ repositories: [{ name: "r", lifecyclePolicy: policy }] });

    // Act
    const result = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: "r" }));

    // Assess
    expect(result).toMatchObject({ registryId: ACCOUNT, repositoryName: "r", lastEvaluatedAt: new Date(0) });
    expect(JSON.parse(result.lifecyclePolicyText as string)).toEqual(policy);
  });

  it("fails with LifecyclePolicyNotFoundException for a repository without a policy", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "r" }] });

    // Act
    const call = ecr.send(new GetLifecyclePolicyCommand({ repositoryName: "r" }));

    // Assess
    await expect(call).rejects.toThrow(LifecyclePolicyNotFoundException);
    await expect(call).rejects.toThrow(
      `Lifecycle policy does not exist for the repository with name 'r' in the registry with id '${ACCOUNT}'`,
    );
  });

  it("lists a repository's resource tags by ARN", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api", tags: { "caretaker/gc": "off" } }] });

    // Act
    const { tags } = await ecr.send(
      new ListTagsForResourceCommand({ resourceArn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/api` }),
    );

    // Assess
    expect(tags).toEqual([{ Key: "caretaker/gc", Value: "off" }]);
  });

  it("describes pull-through cache rules, all or by prefix, and fails on an unknown prefix", async () => {
    // Prepare
    const { ecr } = sandbox({
      pullThroughCacheRules: [
        { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws", upstreamRegistry: "ecr-public", createdAt: "2025-06-01T00:00:00Z" },
        { ecrRepositoryPrefix: "quay", upstreamRegistryUrl: "quay.io", upstreamRegistry: "quay" },
      ],
    });

    // Act
    const all = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
    const one = await ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["ecr-public"] }));
    const unknown = ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["docker-hub"] }));

    // Assess
    expect(all.pullThroughCacheRules?.map((rule) => rule.ecrRepositoryPrefix)).toEqual(["ecr-public", "quay"]);
    expect(one.pullThroughCacheRules).toEqual([
      {
        ecrRepositoryPrefix: "ecr-public",
        upstreamRegistryUrl: "public.ecr.aws",
        upstreamRegistry: "ecr-public",
        registryId: ACCOUNT,
        createdAt: new Date("2025-06-01T00:00:00Z"),
        updatedAt: new Date("2025-06-01T00:00:00Z"),
      },
    ]);
    await expect(unknown).rejects.toThrow(PullThroughCacheRuleNotFoundException);
  });

  it("uses the China partition's ARN and registry host", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "r", images: [{ ref: "x" }] }] }, "aws-cn");

    // Act
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({}));

    // Assess
    expect(repositories?.[0]?.repositoryArn).toBe(`arn:aws-cn:ecr:eu-west-1:${ACCOUNT}:repository/r`);
    expect(fake.imageUri("r", fake.digestOf("r", "x"))).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com.cn/r@${fake.digestOf("r", "x")}`,
    );
  });
});

describe("mutations for tests", () => {
  it("moves a tag to a newly pushed image and leaves the old image untagged", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "r", images: [{ ref: "old", tags: ["latest"] }] }] });

    // Act
    const pushed = fake.push("r", { tags: ["latest"] });
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "r", filter: { tagStatus: "UNTAGGED" } }));

    // Assess
    expect(pushed.uri).toBe(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/r@${pushed.digest}`);
    expect(fake.digestOf("r", "latest")).toBe(pushed.digest);
    expect(imageDetails?.map((d) => d.imageDigest)).toEqual([fake.digestOf("r", "old")]);
  });

  it("tags and untags images, leaving an untagged image in place", () => {
    // Prepare
    const { fake } = sandbox({ repositories: [{ name: "r", images: [{ ref: "a", tags: ["v1"] }, { ref: "b" }] }] });

    // Act
    fake.tag("r", "b", "v1");
    fake.untag("r", "v1");

    // Assess
    expect(fake.images("r").map((image) => image.tags)).toEqual([[], []]);
    expect(fake.exists("r", fake.digestOf("r", "a")) && fake.exists("r", fake.digestOf("r", "b"))).toBe(true);
    expect(() => fake.untag("r", "v1")).toThrow(RangeError);
  });

  it("refuses to move a tag in an IMMUTABLE repository", () => {
    // Prepare
    const { fake } = sandbox({ repositories: [{ name: "r", imageTagMutability: "IMMUTABLE", images: [{ tags: ["v1"] }] }] });

    // Act
    const push = () => fake.push("r", { tags: ["v1"] });

    // Assess
    expect(push).toThrow(ImageTagAlreadyExistsException);
  });

  it("records pulls as lastRecordedPullTime, defaulting to the sandbox clock", async () => {
    // Prepare
    const { ecr, fake, clock } = sandbox({ repositories: [{ name: "r", images: [{ tags: ["v1"] }] }] });
    clock.advance(3_600_000);

    // Act
    fake.recordPull("r", "v1");
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "r" }));

    // Assess
    expect(imageDetails?.[0]?.lastRecordedPullTime?.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 3_600_000);
  });

  it("archives an image out of the default listing and restores it", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "r", images: [{ tags: ["v1"] }] }] });
    const list = async () => (await ecr.send(new DescribeImagesCommand({ repositoryName: "r" }))).imageDetails ?? [];

    // Act
    fake.setStatus("r", "v1", "ARCHIVED", "2026-03-02T00:00:00Z");
    const whileArchived = await list();
    fake.setStatus("r", "v1", "ACTIVE", "2026-03-03T00:00:00Z");
    const restored = await list();

    // Assess
    expect(whileArchived).toEqual([]);
    expect(restored[0]).toMatchObject({
      imageStatus: "ACTIVE",
      lastArchivedAt: new Date("2026-03-02T00:00:00Z"),
      lastActivatedAt: new Date("2026-03-03T00:00:00Z"),
    });
  });

  it("can make BatchGetImage count as a pull", async () => {
    // Prepare
    const { ecr } = sandbox({ batchGetImageRecordsPull: true, repositories: [{ name: "r", images: [{ tags: ["v1"] }] }] });

    // Act
    await ecr.send(new BatchGetImageCommand({ repositoryName: "r", imageIds: [{ imageTag: "v1" }] }));
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "r" }));

    // Assess
    expect(imageDetails?.[0]?.lastRecordedPullTime).toBeInstanceOf(Date);
  });
});

describe("rate limits", () => {
  it("throttles an operation beyond its rate with ThrottlingException and recovers as sandbox time passes", async () => {
    // Prepare
    const { ecr, clock } = sandbox({ rateLimits: { DescribeRepositories: { perSecond: 2 } }, repositories: [{ name: "r" }] });
    await ecr.send(new DescribeRepositoriesCommand({}));
    await ecr.send(new DescribeRepositoriesCommand({}));

    // Act
    const throttled = await ecr.send(new DescribeRepositoriesCommand({})).catch((error: unknown) => error);
    clock.advance(1000);
    const recovered = await ecr.send(new DescribeRepositoriesCommand({}));

    // Assess
    expect(throttled).toMatchObject({ name: "ThrottlingException", message: "Rate exceeded", $fault: "client" });
    expect(recovered.repositories).toHaveLength(1);
  });
});
