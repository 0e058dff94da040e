import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeInsightCommand,
  EKSClient,
  ListAddonsCommand,
  ListInsightsCommand,
} from "@aws-sdk/client-eks";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";

const catalog = [
  {
    name: "vpc-cni",
    versions: [
      { version: "v1.18.6-eksbuild.1", compatibilities: [{ clusterVersion: "1.30", defaultVersion: true }, { clusterVersion: "1.31" }] },
      { version: "v1.19.2-eksbuild.1", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }, { clusterVersion: "1.32", defaultVersion: true }] },
    ],
  },
  { name: "coredns", versions: [{ version: "v1.11.4-eksbuild.2", compatibilities: [{ clusterVersion: "1.32", defaultVersion: true }] }] },
  { name: "kube-proxy", versions: [{ version: "v1.31.3-eksbuild.2", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }] }] },
];

describe("EKS add-ons", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("lists and describes the installed add-ons", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { addonCatalog: catalog, clusters: [{ name: "prod", version: "1.31", addons: [{ name: "vpc-cni", version: "v1.18.6-eksbuild.1" }, { name: "coredns", version: "v1.11.1-eksbuild.4" }] }] } });
    const eks = new EKSClient({ region });

    // Act
    const list = await eks.send(new ListAddonsCommand({ clusterName: "prod" }));
    const { addon } = await eks.send(new DescribeAddonCommand({ clusterName: "prod", addonName: "vpc-cni" }));

    // Assess
    expect(list.addons).toEqual(["coredns", "vpc-cni"]);
    expect(addon).toMatchObject({ addonName: "vpc-cni", clusterName: "prod", status: "ACTIVE", addonVersion: "v1.18.6-eksbuild.1", health: { issues: [] }, owner: "aws", publisher: "eks" });
    expect(addon?.addonArn).toMatch(/^arn:aws:eks:eu-west-1:111122223333:addon\/prod\/vpc-cni\/[0-9a-f-]{36}$/);
  });

  it("answers an add-on that is not installed with ResourceNotFoundException naming it", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new DescribeAddonCommand({ clusterName: "prod", addonName: "vpc-cni" })));

    // Assess
    expect(error).toMatchObject({ name: "ResourceNotFoundException", addonName: "vpc-cni", clusterName: "prod", $metadata: { httpStatusCode: 404 } });
  });

  it("lists the versions compatible with a Kubernetes version, newest first, each with that version's compatibility only", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { addonCatalog: catalog } });

    // Act
    const { addons } = await new EKSClient({ region }).send(new DescribeAddonVersionsCommand({ kubernetesVersion: "1.31", addonName: "vpc-cni" }));

    // Assess
    expect(addons?.map((a) => a.addonName)).toEqual(["vpc-cni"]);
    expect(addons?.[0]?.addonVersions?.map((v) => [v.addonVersion, v.compatibilities])).toEqual([
      ["v1.19.2-eksbuild.1", [{ clusterVersion: "1.31", platformVersions: ["*"], defaultVersion: true }]],
      ["v1.18.6-eksbuild.1", [{ clusterVersion: "1.31", platformVersions: ["*"], defaultVersion: false }]],
    ]);
  });

  it("leaves out add-ons with no version for the Kubernetes version and pages the rest", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { addonCatalog: catalog } });
    const eks = new EKSClient({ region });

    // Act
    const first = await eks.send(new DescribeAddonVersionsCommand({ kubernetesVersion: "1.31", maxResults: 1 }));
    const second = await eks.send(new DescribeAddonVersionsCommand({ kubernetesVersion: "1.31", maxResults: 1, nextToken: first.nextToken }));

    // Assess
    expect(first.addons?.map((a) => a.addonName)).toEqual(["vpc-cni"]);
    expect(second.addons?.map((a) => a.addonName)).toEqual(["kube-proxy"]);
    expect(second.nextToken).toBeUndefined();
  });
});

describe("EKS insights", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  const insights = [
    { id: "11111111-1111-4111-8111-111111111111", name: "Deprecated APIs removed in Kubernetes v1.32", kubernetesVersion: "1.32", status: "ERROR" as const, reason: "Deprecated API usage detected within last 30 days." },
    { id: "22222222-2222-4222-8222-222222222222", name: "Kubelet version skew", kubernetesVersion: "1.32", status: "PASSING" as const },
    { id: "33333333-3333-4333-8333-333333333333", name: "Hybrid nodes", category: "MISCONFIGURATION" as const, kubernetesVersion: "1.31", status: "WARNING" as const },
  ];

  it("filters ListInsights by status and category and returns summaries", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", insights }] } });
    const eks = new EKSClient({ region });

    // Act
    const failing = await eks.send(new ListInsightsCommand({ clusterName: "prod", filter: { statuses: ["ERROR", "WARNING"], categories: ["UPGRADE_READINESS"] } }));

    // Assess
    expect(failing.insights).toEqual([
      expect.objectContaining({ id: insights[0]?.id, category: "UPGRADE_READINESS", kubernetesVersion: "1.32", insightStatus: { status: "ERROR", reason: "Deprecated API usage detected within last 30 days." } }),
    ]);
    expect(failing.insights?.[0]).not.toHaveProperty("recommendation");
  });

  it("describes one insight in full and rejects an unknown id", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", insights }] } });
    const eks = new EKSClient({ region });

    // Act
    const { insight } = await eks.send(new DescribeInsightCommand({ clusterName: "prod", id: "22222222-2222-4222-8222-222222222222" }));
    const error = await rejectionOf(eks.send(new DescribeInsightCommand({ clusterName: "prod", id: "nope" })));

    // Assess
    expect(insight).toMatchObject({ name: "Kubelet version skew", recommendation: "", categorySpecificSummary: { deprecationDetails: [], addonCompatibilityDetails: [] } });
    expect(error.name).toBe("ResourceNotFoundException");
  });
});
