import {
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
  paginateListClusters,
} from "@aws-sdk/client-eks";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const DAY = 86_400_000;

describe("EKS clusters", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("describes a cluster with the fields Caretaker reads", async () => {
    // Prepare
    sandbox = startSandbox({
      eks: { clusters: [{ name: "prod", version: "1.31", platformVersion: "eks.12", supportType: "STANDARD", authenticationMode: "API", tags: { env: "prod" } }] },
    });
    sandbox.account.eks.setEndpoint("prod", "https://127.0.0.1:6443", "Q0EtUEVN");

    // Act
    const { cluster } = await new EKSClient({ region }).send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(cluster).toMatchObject({
      name: "prod",
      arn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
      version: "1.31",
      platformVersion: "eks.12",
      status: "ACTIVE",
      endpoint: "https://127.0.0.1:6443",
      certificateAuthority: { data: "Q0EtUEVN" },
      tags: { env: "prod" },
      upgradePolicy: { supportType: "STANDARD" },
      accessConfig: { authenticationMode: "API" },
    });
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it("describes a private-only endpoint, and refuses one that is neither public nor private", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "vault", version: "1.31", endpointAccess: { public: false } }] } });

    // Act
    const { cluster } = await new EKSClient({ region }).send(new DescribeClusterCommand({ name: "vault" }));

    // Assess
    expect(cluster?.resourcesVpcConfig).toMatchObject({ endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: [] });
    expect(() => startSandbox({ eks: { clusters: [{ name: "nowhere", version: "1.31", endpointAccess: { public: false, private: false } }] } })).toThrow(
      "the endpoint must be public, private or both",
    );
  });

  it("answers an unknown cluster with ResourceNotFoundException, HTTP 404 and the cluster name", async () => {
    // Prepare
    sandbox = startSandbox();

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new DescribeClusterCommand({ name: "ghost" })));

    // Assess
    expect(error).toMatchObject({
      name: "ResourceNotFoundException",
      message: "No cluster found for name: ghost.",
      clusterName: "ghost",
      $fault: "client",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("pages ListClusters with opaque tokens the SDK paginator follows", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: ["c", "a", "b"].map((name) => ({ name, version: "1.31" })) } });
    const eks = new EKSClient({ region });

    // Act
    const pages: string[][] = [];
    for await (const page of paginateListClusters({ client: eks, pageSize: 2 }, {})) pages.push(page.clusters ?? []);

    // Assess
    expect(pages).toEqual([["a", "b"], ["c"]]);
  });

  it("rejects a token from another query and a maxResults outside 1..100 with InvalidParameterException", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "a", version: "1.31", nodegroups: [{ name: "x" }, { name: "y" }] }, { name: "b", version: "1.31" }] } });
    const eks = new EKSClient({ region });
    const { nextToken } = await eks.send(new ListClustersCommand({ maxResults: 1 }));

    // Act
    const foreign = await rejectionOf(eks.send(new ListNodegroupsCommand({ clusterName: "a", nextToken })));
    const tooMany = await rejectionOf(eks.send(new ListClustersCommand({ maxResults: 101 })));

    // Assess
    expect(foreign.name).toBe("InvalidParameterException");
    expect(tooMany).toMatchObject({
      name: "InvalidParameterException",
      message: "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
  });
});

describe("EKS managed node groups", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("describes a node group with its version, release, AMI type, scaling and the Auto Scaling group tagged for it", async () => {
    // Prepare
    sandbox = startSandbox({
      eks: { clusters: [{ name: "prod", version: "1.31", nodegroups: [{ name: "general", version: "1.30", releaseVersion: "1.30.8-20250101", scalingConfig: { minSize: 1, maxSize: 5, desiredSize: 3 } }] }] },
      autoscaling: { groups: [{ name: "eks-general-1a2b", cluster: "prod", nodegroup: "general", instances: 3 }] },
    });

    // Act
    const { nodegroup } = await new EKSClient({ region }).send(new DescribeNodegroupCommand({ clusterName: "prod", nodegroupName: "general" }));

    // Assess
    expect(nodegroup).toMatchObject({
      nodegroupName: "general",
      clusterName: "prod",
      version: "1.30",
      releaseVersion: "1.30.8-20250101",
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      status: "ACTIVE",
      scalingConfig: { minSize: 1, maxSize: 5, desiredSize: 3 },
      resources: { autoScalingGroups: [{ name: "eks-general-1a2b" }] },
    });
    expect(nodegroup?.nodegroupArn).toMatch(/^arn:aws:eks:eu-west-1:111122223333:nodegroup\/prod\/general\/[0-9a-f-]{36}$/);
  });

  it("answers an unknown node group with EKS's ResourceNotFoundException", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new DescribeNodegroupCommand({ clusterName: "prod", nodegroupName: "ng-1" })));

    // Assess
    expect(error).toMatchObject({ name: "ResourceNotFoundException", message: "No node group found for name: ng-1.", nodegroupName: "ng-1", clusterName: "prod" });
  });
});

describe("EKS DescribeClusterVersions", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  const versions = [
    { version: "1.29", releaseDate: "2024-01-23T00:00:00Z" },
    { version: "1.32", releaseDate: "2025-01-23T00:00:00Z", defaultVersion: true },
    { version: "1.24", releaseDate: "2022-11-15T00:00:00Z" },
  ];

  it("lists supported versions newest first with support dates and a status derived from the clock", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusterVersions: versions } });

    // Act
    const { clusterVersions } = await new EKSClient({ region }).send(new DescribeClusterVersionsCommand({}));

    // Assess
    expect(clusterVersions?.map((v) => [v.clusterVersion, v.versionStatus, v.status])).toEqual([
      ["1.32", "STANDARD_SUPPORT", "standard-support"],
      ["1.29", "EXTENDED_SUPPORT", "extended-support"],
    ]);
    expect(clusterVersions?.[1]).toMatchObject({
      endOfStandardSupportDate: new Date("2025-03-23T00:00:00Z"),
      endOfExtendedSupportDate: new Date("2026-03-23T00:00:00Z"),
      clusterType: "eks",
    });
  });

  it("moves a version to UNSUPPORTED when the clock passes its end of extended support", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusterVersions: versions } });
    sandbox.clock.advance(300 * DAY);

    // Act
    const { clusterVersions } = await new EKSClient({ region }).send(new DescribeClusterVersionsCommand({ includeAll: true }));

    // Assess
    expect(clusterVersions?.map((v) => [v.clusterVersion, v.versionStatus])).toEqual([
      ["1.32", "EXTENDED_SUPPORT"],
      ["1.29", "UNSUPPORTED"],
      ["1.24", "UNSUPPORTED"],
    ]);
  });

  it("filters by versionStatus, defaultOnly and explicit versions", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusterVersions: versions } });
    const eks = new EKSClient({ region });

    // Act
    const extended = await eks.send(new DescribeClusterVersionsCommand({ versionStatus: "EXTENDED_SUPPORT" }));
    const byDefault = await eks.send(new DescribeClusterVersionsCommand({ defaultOnly: true }));
    const explicit = await eks.send(new DescribeClusterVersionsCommand({ clusterVersions: ["1.24"] }));

    // Assess
    expect(extended.clusterVersions?.map((v) => v.clusterVersion)).toEqual(["1.29"]);
    expect(byDefault.clusterVersions?.map((v) => v.clusterVersion)).toEqual(["1.32"]);
    expect(explicit.clusterVersions?.map((v) => v.clusterVersion)).toEqual(["1.24"]);
  });
});
