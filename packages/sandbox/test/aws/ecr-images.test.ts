import { createHash } from "node:crypto";
import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeImagesCommand, ECRClient, InvalidParameterException, ListImageReferrersCommand, ListImagesCommand, ReferencedImagesNotFoundException } from "@aws-sdk/client-ecr";
import { describe, expect, it } from "vitest";
import { ISOLATED_ACCOUNT, withAccount } from "./isolated-fake";
import { type EcrSpec, FakeEcr, MediaType, SandboxSpecError } from "../../src/aws/ecr";

const ACCOUNT = ISOLATED_ACCOUNT;
const INDEX_TYPES = [MediaType.ociIndex, MediaType.dockerManifestList];
const ALL_TYPES = [...INDEX_TYPES, MediaType.ociManifest, MediaType.dockerManifest];

function sandbox(spec: EcrSpec) {
  const { fake } = withAccount((account) => new FakeEcr(account.contextFor("ecr"), spec));
  const ecr = new ECRClient({ region: "eu-west-1" });
  const remove = (imageIds: Array<{ imageDigest?: string; imageTag?: string }>) =>
    ecr.send(new BatchDeleteImageCommand({ repositoryName: "r", imageIds }));
  return { fake, ecr, remove };
}

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

interface IndexDocument {
  mediaType: string;
  manifests: Array<{ mediaType: string; digest: string; size: number; platform: { os: string; architecture: string; variant?: string }; annotations?: Record<string, string> }>;
}

const multiArch: EcrSpec = {
  repositories: [
    {
      name: "team/web",
      images: [{ ref: "index", kind: "index", tags: ["v2"], children: [{ sizeBytes: 100 }, { sizeBytes: 300 }] }],
    },
  ],
};

describe("BatchGetImage", () => {
  it("returns manifest bytes whose sha256 is the image digest", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "team/api", images: [{ tags: ["v1"] }, { kind: "index", tags: ["v2"], children: [{}] }] }] });

    // Act
    const { images, failures } = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: "team/api",
        imageIds: [{ imageTag: "v1" }, { imageTag: "v2" }],
        acceptedMediaTypes: ALL_TYPES,
      }),
    );

    // Assess
    expect(failures).toEqual([]);
    expect(images).toHaveLength(2);
    for (const image of images ?? []) {
      expect(sha256(image.imageManifest as string)).toBe(image.imageId?.imageDigest);
      expect(JSON.parse(image.imageManifest as string).mediaType).toBe(image.imageManifestMediaType);
    }
    expect(images?.[0]).toEqual({
      registryId: ACCOUNT,
      repositoryName: "team/api",
      imageId: { imageDigest: fake.digestOf("team/api", "v1"), imageTag: "v1" },
      imageManifest: fake.manifest("team/api", "v1"),
      imageManifestMediaType: MediaType.ociManifest,
    });
  });

  it("renders a single-platform image as an OCI manifest with a config and layers summing to its size", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "team/api", images: [{ tags: ["v1"], sizeBytes: 123_456 }] }] });

    // Act
    const { images } = await ecr.send(new BatchGetImageCommand({ repositoryName: "team/api", imageIds: [{ imageTag: "v1" }] }));

    // Assess
    const manifest = JSON.parse(images?.[0]?.imageManifest as string);
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.config).toMatchObject({ mediaType: MediaType.ociConfig, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(manifest.layers.reduce((sum: number, layer: { size: number }) => sum + layer.size, 0)).toBe(123_456);
  });

  it("returns an index only when its media type is accepted", async () => {
    // Prepare
    const { ecr, fake } = sandbox(multiArch);

    // Act
    const defaults = await ecr.send(new BatchGetImageCommand({ repositoryName: "team/web", imageIds: [{ imageTag: "v2" }] }));
    const accepted = await ecr.send(
      new BatchGetImageCommand({ repositoryName: "team/web", imageIds: [{ imageTag: "v2" }], acceptedMediaTypes: INDEX_TYPES }),
    );

    // Assess
    expect(defaults.images).toEqual([]);
    expect(defaults.failures).toEqual([
      { imageId: { imageTag: "v2" }, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
    ]);
    expect(accepted.images?.[0]?.imageId?.imageDigest).toBe(fake.digestOf("team/web", "index"));
  });

  it("lists each platform child of an index by digest, size and platform, and stores the children untagged", async () => {
    // Prepare
    const { ecr, fake } = sandbox(multiArch);

    // Act
    const { images } = await ecr.send(
      new BatchGetImageCommand({ repositoryName: "team/web", imageIds: [{ imageTag: "v2" }], acceptedMediaTypes: INDEX_TYPES }),
    );
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "team/web" }));

    // Assess
    const index = JSON.parse(images?.[0]?.imageManifest as string) as IndexDocument;
    expect(index.mediaType).toBe(MediaType.ociIndex);
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { os: "linux", architecture: "amd64" },
      { os: "linux", architecture: "arm64" },
    ]);
    for (const child of index.manifests) {
      expect(child.size).toBe(Buffer.byteLength(fake.manifest("team/web", child.digest)));
      expect(sha256(fake.manifest("team/web", child.digest))).toBe(child.digest);
    }
    const byDigest = new Map(imageDetails?.map((d) => [d.imageDigest, d]));
    expect(imageDetails).toHaveLength(3);
    expect(index.manifests.every((m) => byDigest.get(m.digest)?.imageTags === undefined)).toBe(true);
    // "If the image is a manifest list, this will be the max size of all manifests in the list."
    expect(byDigest.get(fake.digestOf("team/web", "v2"))?.imageSizeInBytes).toBe(300);
    expect(byDigest.get(fake.digestOf("team/web", "v2"))).not.toHaveProperty("artifactMediaType");
  });

  it("builds Docker manifest lists over Docker v2 children", async () => {
    // Prepare
    const { fake } = sandbox({
      repositories: [{ name: "r", images: [{ ref: "list", kind: "index", mediaType: MediaType.dockerManifestList, children: [{}, {}] }] }],
    });

    // Act
    const index = JSON.parse(fake.manifest("r", "list")) as IndexDocument;

    // Assess
    expect(index.mediaType).toBe(MediaType.dockerManifestList);
    expect(index.manifests.map((m) => m.mediaType)).toEqual([MediaType.dockerManifest, MediaType.dockerManifest]);
    expect(JSON.parse(fake.manifest("r", index.manifests[0]?.digest as string)).config.mediaType).toBe(MediaType.dockerConfig);
  });

  it("lists BuildKit attestation manifests as unknown/unknown children pointing at their platform image", async () => {
    // Prepare
    const { fake } = sandbox({
      repositories: [
        {
          name: "r",
          images: [{ ref: "index", kind: "index", children: [{ ref: "amd64" }, { attests: "amd64" }] }],
        },
      ],
    });

    // Act
    const index = JSON.parse(fake.manifest("r", "index")) as IndexDocument;

    // Assess
    expect(index.manifests[1]).toMatchObject({
      platform: { os: "unknown", architecture: "unknown" },
      annotations: {
        "vnd.docker.reference.digest": fake.digestOf("r", "amd64"),
        "vnd.docker.reference.type": "attestation-manifest",
      },
    });
    expect(JSON.parse(fake.manifest("r", index.manifests[1]?.digest as string)).layers[0].mediaType).toBe(MediaType.inToto);
  });

  it("reports ECR's failure code and reason for each bad id and still returns the good ones", async () => {
    // Prepare
    const { ecr, fake } = sandbox({ repositories: [{ name: "r", images: [{ tags: ["v1"] }, { tags: ["v2"] }] }] });
    const v2 = fake.digestOf("r", "v2");

    // Act
    const { images, failures } = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: "r",
        imageIds: [
          { imageTag: "v1" },
          {},
          { imageDigest: "not-a-digest" },
          { imageTag: "gone" },
          { imageDigest: `sha256:${"a".repeat(64)}` },
          { imageTag: "v1", imageDigest: v2 },
        ],
      }),
    );

    // Assess
    expect(images).toHaveLength(1);
    expect(failures).toEqual([
      { imageId: {}, failureCode: "MissingDigestAndTag", failureReason: "Invalid request parameters: both tag and digest cannot be null" },
      {
        imageId: { imageDigest: "not-a-digest" },
        failureCode: "InvalidImageDigest",
        failureReason: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
      },
      { imageId: { imageTag: "gone" }, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
      { imageId: { imageDigest: `sha256:${"a".repeat(64)}` }, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
      {
        imageId: { imageDigest: v2, imageTag: "v1" },
        failureCode: "ImageTagDoesNotMatchDigest",
        failureReason: "Invalid request parameters: given tag does not map to the given digest",
      },
    ]);
  });

  it("rejects an empty list and more than 100 ids", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "r" }] });

    // Act
    const empty = ecr.send(new BatchGetImageCommand({ repositoryName: "r", imageIds: [] }));
    const tooMany = ecr.send(
      new BatchGetImageCommand({ repositoryName: "r", imageIds: Array.from({ length: 101 }, (_, i) => ({ imageTag: `t${i}` })) }),
    );

    // Assess
    await expect(empty).rejects.toThrow("Member must have length greater than or equal to 1");
    await expect(tooMany).rejects.toThrow(InvalidParameterException);
    await expect(tooMany).rejects.toThrow(
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100'",
    );
  });

  it("cannot pull an archived image", async () => {
    // Prepare
    const { ecr } = sandbox({ repositories: [{ name: "r", images: [{ tags: ["old"], status: "ARCHIVED" }] }] });

    // Act
    const { failures } = await ecr.send(new BatchGetImageCommand({ repositoryName: "r", imageIds: [{ imageTag: "old" }] }));

    // Assess
    expect(failures?.map((f) => f.failureCode)).toEqual(["ImageNotFound"]);
  });
});

describe("referrers", () => {
  const signed: EcrSpec = {
    repositories: [
      {
        name: "r",
        images: [
          { ref: "app", tags: ["v1"] },
          { ref: "sig", kind: "artifact", subject: "app", artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json" },
          { ref: "sbom", kind: "artifact", subject: "app", artifactType: "application/spdx+json" },
        ],
      },
    ],
  };

  it("stores an artifact as an OCI manifest with artifactType and a subject descriptor of the signed image", async () => {
    // Prepare
    const { fake } = sandbox(signed);

    // Act
    const manifest = JSON.parse(fake.manifest("r", "sbom"));

    // Assess
    expect(manifest).toMatchObject({
      mediaType: MediaType.ociManifest,
      artifactType: "application/spdx+json",
      config: { mediaType: MediaType.ociEmpty, size: 2, digest: sha256("{}") },
      subject: {
        mediaType: MediaType.ociManifest,
        digest: fake.digestOf("r", "app"),
        size: Buffer.byteLength(fake.manifest("r", "app")),
      },
    });
  });

  it("reports the subject in DescribeImages and lists referrers by subject digest", async () => {
    // Prepare
    const { ecr, fake } = sandbox(signed);
    const app = fake.digestOf("r", "app");

    // Act
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: "r", imageIds: [{ imageDigest: fake.digestOf("r", "sig") }] }));
    const all = await ecr.send(new ListImageReferrersCommand({ repositoryName: "r", subjectId: { imageDigest: app } }));
    const sboms = await ecr.send(
      new ListImageReferrersCommand({ repositoryName: "r", subjectId: { imageDigest: app }, filter: { artifactTypes: ["application/spdx+json"] } }),
    );

    // Assess
    expect(imageDetails?.[0]).toMatchObject({
      subjectManifestDigest: app,
      artifactMediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
    });
    expect(all.referrers?.map((r) => r.digest).sort()).toEqual([fake.digestOf("r", "sig"), fake.digestOf("r", "sbom")].sort());
    expect(sboms.referrers).toEqual([
      {
        digest: fake.digestOf("r", "sbom"),
        mediaType: MediaType.ociManifest,
        artifactType: "application/spdx+json",
        size: Buffer.byteLength(fake.manifest("r", "sbom")),
        artifactStatus: "ACTIVE",
      },
    ]);
  });

  it("pages referrers 20 at a time by default and refuses pages over 50", async () => {
    // Prepare
    const images = [{ ref: "app" }, ...Array.from({ length: 25 }, () => ({ kind: "artifact" as const, subject: "app" }))];
    const { ecr, fake } = sandbox({ repositories: [{ name: "r", images }] });
    const subjectId = { imageDigest: fake.digestOf("r", "app") };

    // Act
    const first = await ecr.send(new ListImageReferrersCommand({ repositoryName: "r", subjectId }));
    const second = await ecr.send(new ListImageReferrersCommand({ repositoryName: "r", subjectId, nextToken: first.nextToken }));
    const tooBig = ecr.send(new ListImageReferrersCommand({ repositoryName: "r", subjectId, maxResults: 51 }));

    // Assess
    expect([first.referrers?.length, second.referrers?.length, second.nextToken]).toEqual([20, 5, undefined]);
    await expect(tooBig).rejects.toThrow(InvalidParameterException);
  });

  it("has no referrers for an unknown subject", async () => {
    // Prepare
    const { ecr } = sandbox(signed);

    // Act
    const { referrers } = await ecr.send(
      new ListImageReferrersCommand({ repositoryName: "r", subjectId: { imageDigest: `sha256:${"0".repeat(64)}` } }),
    );

    // Assess
    expect(referrers).toEqual([]);
  });
});

describe("spec", () => {
  it("gives images with the same content the same digest in any repository, and distinct entries distinct digests", () => {
    // Prepare
    const { fake } = sandbox({
      repositories: [
        { name: "a", images: [{ ref: "x", content: "build-42" }, { ref: "y" }, { ref: "z" }] },
        { name: "b", images: [{ ref: "x", content: "build-42" }] },
      ],
    });

    // Act
    const digests = [fake.digestOf("a", "x"), fake.digestOf("b", "x"), fake.digestOf("a", "y"), fake.digestOf("a", "z")];

    // Assess
    expect(digests[0]).toBe(digests[1]);
    expect(new Set(digests).size).toBe(3);
  });

  it("stores a caller-supplied manifest verbatim and checks an expected digest", () => {
    // Prepare
    const text = '{\n   "schemaVersion": 2,\n   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",\n   "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023, "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},\n   "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"}]\n}';
    const { fake } = sandbox({ repositories: [{ name: "r" }] });

    // Act
    const pushed = fake.push("r", { manifest: text, tags: ["vector"], digest: sha256(text) });
    const wrong = () => fake.push("r", { manifest: text, digest: `sha256:${"f".repeat(64)}` });

    // Assess
    expect(fake.manifest("r", "vector")).toBe(text);
    expect(pushed).toMatchObject({ kind: "image", mediaType: MediaType.dockerManifest, sizeBytes: 32654 });
    expect(wrong).toThrow(RangeError);
  });

  it("refuses an index whose children are not in the repository, as a push would", () => {
    // Prepare
    const { fake } = sandbox({ repositories: [{ name: "r" }] });

    // Act
    const push = () => fake.push("r", { kind: "index", children: [`sha256:${"1".repeat(64)}`] });

    // Assess
    expect(push).toThrow(ReferencedImagesNotFoundException);
  });

  it("builds 200 repositories of 500 images in well under a second and renders a repository on first use", () => {
    // Prepare
    const spec: EcrSpec = {
      repositories: Array.from({ length: 200 }, (_, r) => ({
        name: `team-${r}/service`,
        images: Array.from({ length: 500 }, (_, i) => ({
          pushedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
          ...(i % 10 === 0 ? { tags: [`v${i}`] } : {}),
        })),
      })),
    };

    // Act
    const started = performance.now();
    const { fake } = sandbox(spec);
    const built = performance.now() - started;
    const images = fake.repositoryNames().slice(0, 20).flatMap((name) => fake.images(name));
    const rendered = performance.now() - started - built;

    // Assess
    expect(fake.repositoryNames()).toHaveLength(200);
    expect(images).toHaveLength(20 * 500);
    expect(new Set(images.map((image) => image.digest)).size).toBe(20 * 500);
    expect(built).toBeLessThan(100);
    expect(rendered).toBeLessThan(500);
  });

  it("reports a spec mistake on first use as a SandboxSpecError naming the repository", () => {
    // Prepare
    const { fake } = sandbox({ repositories: [{ name: "r", images: [{ kind: "index", children: ["no-such-ref"] }] }] });

    // Act
    const use = () => fake.images("r");

    // Assess
    expect(use).toThrow(SandboxSpecError);
    expect(use).toThrow("invalid ECR spec for repository r");
  });
});

const tagged: EcrSpec = {
  repositories: [{ name: "r", images: [{ ref: "app", tags: ["v1", "latest"] }, { ref: "other", tags: ["v0"] }] }],
};

const indexWithChildren: EcrSpec = {
  repositories: [
    {
      name: "r",
      images: [{ ref: "index", kind: "index", tags: ["v2"], children: [{ ref: "amd64" }, { ref: "arm64" }] }],
    },
  ],
};

describe("BatchDeleteImage", () => {
  it("deletes an image by digest with all its tags and reports each tag", async () => {
    // Prepare
    const { fake, remove } = sandbox(tagged);
    const app = fake.digestOf("r", "app");

    // Act
    const result = await remove([{ imageDigest: app }]);

    // Assess
    expect(result.imageIds).toEqual([
      { imageDigest: app, imageTag: "v1" },
      { imageDigest: app, imageTag: "latest" },
    ]);
    expect(result.failures).toEqual([]);
    expect(fake.exists("r", app)).toBe(false);
    expect(fake.deletedDigests("r")).toEqual([app]);
  });

  it("removes only the tag when the image has other tags", async () => {
    // Prepare
    const { fake, remove } = sandbox(tagged);
    const app = fake.digestOf("r", "app");

    // Act
    const result = await remove([{ imageTag: "latest" }]);

    // Assess
    expect(result.imageIds).toEqual([{ imageDigest: app, imageTag: "latest" }]);
    expect(fake.exists("r", app)).toBe(true);
    expect(fake.images("r").find((image) => image.digest === app)?.tags).toEqual(["v1"]);
    expect(fake.deletedDigests("r")).toEqual([]);
  });

  it("deletes the image when its last tag is removed", async () => {
    // Prepare
    const { fake, remove } = sandbox(tagged);
    const other = fake.digestOf("r", "other");

    // Act
    const result = await remove([{ imageTag: "v0", imageDigest: other }]);

    // Assess
    expect(result.imageIds).toEqual([{ imageDigest: other, imageTag: "v0" }]);
    expect(fake.exists("r", other)).toBe(false);
  });

  it("deletes an image named by both its digest and one of its tags once, without failures", async () => {
    // Prepare
    const { fake, remove } = sandbox(tagged);
    const app = fake.digestOf("r", "app");

    // Act
    const result = await remove([{ imageDigest: app }, { imageTag: "v1" }]);

    // Assess
    expect(result.failures).toEqual([]);
    expect(result.imageIds).toHaveLength(2);
    expect(fake.deletedDigests("r")).toEqual([app]);
  });

  it("reports ImageNotFound and ImageTagDoesNotMatchDigest per id and deletes the rest", async () => {
    // Prepare
    const { fake, remove } = sandbox(tagged);
    const other = fake.digestOf("r", "other");
    const missing = `sha256:${"9".repeat(64)}`;

    // Act
    const result = await remove([{ imageDigest: missing }, { imageTag: "v1", imageDigest: other }, { imageTag: "v0" }]);

    // Assess
    expect(result.failures).toEqual([
      { imageId: { imageDigest: missing }, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
      {
        imageId: { imageDigest: other, imageTag: "v1" },
        failureCode: "ImageTagDoesNotMatchDigest",
        failureReason: "Invalid request parameters: given tag does not map to the given digest",
      },
    ]);
    expect(result.imageIds).toEqual([{ imageDigest: other, imageTag: "v0" }]);
  });

  it("rejects more than 100 ids and deletes nothing", async () => {
    // Prepare
    const images = Array.from({ length: 101 }, (_, i) => ({ tags: [`t${i}`] }));
    const { fake, remove } = sandbox({ repositories: [{ name: "r", images }] });

    // Act
    const call = remove(images.map((_, i) => ({ imageTag: `t${i}` })));

    // Assess
    await expect(call).rejects.toThrow(InvalidParameterException);
    await expect(call).rejects.toThrow(
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100'",
    );
    expect(fake.deletedDigests("r")).toEqual([]);
  });

  it("deletes exactly 100 ids", async () => {
    // Prepare
    const images = Array.from({ length: 100 }, (_, i) => ({ tags: [`t${i}`] }));
    const { fake, remove } = sandbox({ repositories: [{ name: "r", images }] });

    // Act
    const result = await remove(images.map((_, i) => ({ imageTag: `t${i}` })));

    // Assess
    expect(result.imageIds).toHaveLength(100);
    expect(fake.images("r")).toEqual([]);
  });

  it("refuses to delete a platform image still listed by an index", async () => {
    // Prepare
    const { fake, remove } = sandbox(indexWithChildren);
    const amd64 = fake.digestOf("r", "amd64");

    // Act
    const result = await remove([{ imageDigest: amd64 }]);

    // Assess
    expect(result.imageIds).toEqual([]);
    expect(result.failures).toEqual([
      {
        imageId: { imageDigest: amd64 },
        failureCode: "ImageReferencedByManifestList",
        failureReason: "Requested image referenced by manifest list",
      },
    ]);
    expect(fake.exists("r", amd64)).toBe(true);
  });

  it("deletes an index and its children only in two steps: children fail while the index is still there", async () => {
    // Prepare
    const { fake, remove } = sandbox(indexWithChildren);
    const [index, amd64, arm64] = ["index", "amd64", "arm64"].map((ref) => fake.digestOf("r", ref)) as [string, string, string];

    // Act
    const first = await remove([{ imageDigest: index }, { imageDigest: amd64 }, { imageDigest: arm64 }]);
    const second = await remove([{ imageDigest: amd64 }, { imageDigest: arm64 }]);

    // Assess
    expect(first.imageIds).toEqual([{ imageDigest: index, imageTag: "v2" }]);
    expect(first.failures?.map((f) => f.failureCode)).toEqual(["ImageReferencedByManifestList", "ImageReferencedByManifestList"]);
    expect(second.imageIds).toEqual([{ imageDigest: amd64 }, { imageDigest: arm64 }]);
    expect(fake.deletedDigests("r")).toEqual([index, amd64, arm64]);
  });

  it("keeps a child that a second index still lists after the first index is deleted", async () => {
    // Prepare
    const { fake, remove } = sandbox({
      repositories: [
        {
          name: "r",
          images: [
            { ref: "shared" },
            { ref: "old", kind: "index", tags: ["v1"], children: ["shared"] },
            { ref: "new", kind: "index", tags: ["v2"], children: ["shared"] },
          ],
        },
      ],
    });

    // Act
    await remove([{ imageTag: "v1" }]);
    const result = await remove([{ imageDigest: fake.digestOf("r", "shared") }]);

    // Assess
    expect(fake.exists("r", fake.digestOf("r", "new"))).toBe(true);
    expect(result.failures?.map((f) => f.failureCode)).toEqual(["ImageReferencedByManifestList"]);
  });

  it("deletes a signed image and leaves its referrers behind", async () => {
    // Prepare
    const { fake, ecr, remove } = sandbox({
      repositories: [{ name: "r", images: [{ ref: "app", tags: ["v1"] }, { ref: "sig", kind: "artifact", subject: "app" }] }],
    });

    // Act
    await remove([{ imageTag: "v1" }]);
    const { imageIds } = await ecr.send(new ListImagesCommand({ repositoryName: "r" }));

    // Assess
    expect(imageIds).toEqual([{ imageDigest: fake.digestOf("r", "sig") }]);
  });
});
