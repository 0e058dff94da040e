import { ECRClient } from "@aws-sdk/client-ecr";
import { inventoryRepository, selectRepositories } from "@caretaker/core/image-gc/inventory";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";

let sandbox: SandboxAccount | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function demoRegistry() {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  sandbox = await createSandboxAccount({ ...spec, clusters: [] });
  return sandbox;
}

describe("ECR inventory", () => {
  it("reads every image with its index children and referrers, through the real ECR client", async () => {
    // Prepare
    const sb = await demoRegistry();
    // Act
    const inventory = await inventoryRepository(new ECRClient({}), "shop/web");
    // Assess
    expect(inventory.complete).toBe(true);
    expect(inventory.images).toHaveLength(sb.aws.ecr.images("shop/web").length);
    const index = inventory.images.find((image) => image.tags.includes("v1.4.0"));
    expect(index?.kind).toBe("index");
    expect(index?.children).toHaveLength(2);
    for (const child of index?.children ?? []) expect(inventory.images.find((image) => image.digest === child)?.parents).toEqual([index?.digest]);
    const signature = inventory.images.find((image) => image.kind === "artifact");
    expect(signature?.subject).toBe(index?.digest);
    expect(index?.referrers).toEqual([signature?.digest]);
    expect(inventory.calls).toBe(2); // one DescribeImages page + one BatchGetImage
  });

  it("is incomplete, naming the index, when an index manifest cannot be read", async () => {
    const sb = await demoRegistry();
    sb.aws.faults.failNext("ecr:BatchGetImage", () => Object.assign(new Error("Access denied"), { name: "AccessDeniedException", $fault: "client", $metadata: { httpStatusCode: 400 } }));
    const inventory = await inventoryRepository(new ECRClient({}), "shop/web");
    expect(inventory.complete).toBe(false);
    expect(inventory.problems).toEqual(["cannot read 1 index manifest(s): AccessDeniedException: Access denied"]);
  });

  it("pages through DescribeImages 1000 at a time", async () => {
    sandbox = await createSandboxAccount({ aws: { ecr: { repositories: [{ name: "big", images: Array.from({ length: 2500 }, (_, i) => ({ tags: [`v${i}`], pushedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000) })) }] } } });
    const inventory = await inventoryRepository(new ECRClient({}), "big");
    expect(inventory.images).toHaveLength(2500);
    expect(inventory.calls).toBe(3);
    expect(sandbox.aws.calls.count("ecr:DescribeImages")).toBe(3);
  });

  it("selects repositories: include/exclude globs, and pull-through cache prefixes left alone", async () => {
    await demoRegistry();
    const selected = await selectRepositories(new ECRClient({}), { include: ["shop/*", "payments/*", "docker-hub/*"], exclude: ["shop/reports"] });
    expect(selected.managed).toEqual(["payments/ledger", "shop/api", "shop/web", "shop/worker"]);
    expect(selected.skipped).toEqual([
      { repository: "docker-hub/library/nginx", reason: "pull-through cache (docker-hub/)" },
      { repository: "shop/reports", reason: "excluded" },
    ]);
  });
});
