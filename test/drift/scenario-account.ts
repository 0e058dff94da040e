import type { SandboxSpec } from "@caretaker/sandbox";
import { eksOptimizedAmiParameters } from "@caretaker/sandbox/aws/ssm/public-parameters";
import { ACCESS, ADDON_CATALOG, amiParameters, CLUSTER_VERSIONS, daysFromStart, kubeProxyDaemonSet, readerRbac, START } from "./fixtures";

/**
 * The drift scenarios' account: a control plane upgraded under its nodes, AL2 facing 1.33, support ending in 20 days,
 * Auto Scaling groups without the hook, Karpenter and Fargate nodes, a big cluster, … — shared by the collector tests
 * (test/drift/scenarios.test.ts) and the function's (test/functions/drift-scenarios.test.ts).
 */
function scenarioAccountSpec(): SandboxSpec {
  return {
    start: START,
    clusters: [
      {
        // EKS moved the control plane to 1.31 at the end of 1.30's support; the node groups stayed where they were.
        name: "upgraded",
        version: "1.31",
        nodeGroups: [
          { name: "general", nodes: 2, kubeletVersion: "v1.28.15-eks-473151a", terminateHook: true, nodegroup: { version: "1.28" } },
          { name: "legacy", nodes: 1, kubeletVersion: "v1.27.16-eks-a737599", terminateHook: true, nodegroup: { version: "1.27" } },
        ],
        daemonSets: [kubeProxyDaemonSet("v1.28.15-minimal-eksbuild.4")],
        objects: readerRbac(),
        eks: {
          ...ACCESS,
          insights: [
            {
              id: "insight-kubelet",
              name: "Kubelet version skew",
              kubernetesVersion: "1.32",
              status: "ERROR",
              reason: "Node kubelet versions would fall outside the supported skew after an upgrade.",
              recommendation: "Upgrade your worker nodes to match the Kubernetes version of your cluster control plane.",
            },
            {
              id: "insight-apis",
              name: "Deprecated APIs removed in Kubernetes v1.32",
              kubernetesVersion: "1.32",
              status: "WARNING",
              reason: "Deprecated API usage detected within the last 30 days.",
              categorySpecificSummary: {
                deprecationDetails: [
                  {
                    usage: "/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas",
                    replacedWith: "/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas",
                    stopServingVersion: "1.32",
                    clientStats: [{ userAgent: "helm/3.14", numberOfRequestsLast30Days: 12 }],
                  },
                ],
                addonCompatibilityDetails: [],
              },
            },
            { id: "insight-health", name: "Cluster health issues", kubernetesVersion: "1.32", status: "PASSING" },
          ],
        },
      },
      {
        name: "al2",
        version: "1.32",
        nodeGroups: [
          { name: "al2", nodes: 1, terminateHook: true, nodegroup: { amiType: "AL2_x86_64", releaseVersion: "1.32.1-20250212" } },
          { name: "al2023", nodes: 1, terminateHook: true },
          { name: "win", nodes: 1, terminateHook: true, nodegroup: { amiType: "WINDOWS_CORE_2022_x86_64", releaseVersion: "1.32.2-20250312" } },
        ],
        objects: readerRbac(),
        eks: { ...ACCESS, platformVersion: "eks.2" },
      },
      {
        name: "addons",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 1, terminateHook: true }],
        daemonSets: [kubeProxyDaemonSet("v1.31.2-minimal-eksbuild.3")],
        objects: readerRbac(),
        eks: {
          ...ACCESS,
          addons: [
            { name: "coredns", version: "v1.11.3-eksbuild.2" },
            { name: "kube-proxy", version: "v1.28.15-eksbuild.4" },
            { name: "vpc-cni", version: "v1.18.3-eksbuild.1" },
          ],
        },
      },
      {
        // 20 days from the end of 1.30's standard support, set to upgrade then, with nodes 3 minors behind.
        name: "ending",
        version: "1.30",
        nodeGroups: [{ name: "old", nodes: 2, kubeletVersion: "v1.27.16-eks-a737599", terminateHook: true, nodegroup: { version: "1.27" } }],
        objects: readerRbac(),
        eks: { ...ACCESS, supportType: "STANDARD" },
      },
      {
        name: "hooks",
        version: "1.31",
        nodeGroups: [
          { name: "workers", nodes: 2, managed: false, kubeletVersion: "v1.29.12-eks-2d98532" },
          // Hooked and tagged by a Caretaker deploy (its stage's caretaker:drain tag).
          { name: "batch", nodes: 1, managed: false, terminateHook: true, tags: { "caretaker:drain": "caretaker-prod" } },
          { name: "general", nodes: 1 },
          { name: "web", nodes: 1, terminateHook: { name: "team-drainer" } },
        ],
        objects: readerRbac(),
        eks: ACCESS,
      },
      {
        name: "mixed",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 1, terminateHook: true }],
        nodes: [
          { name: "ip-10-1-0-10.eu-west-1.compute.internal", labels: { "karpenter.sh/nodepool": "default" }, kubeletVersion: "v1.32.1-eks-5e0fdde" },
          { name: "ip-10-1-0-11.eu-west-1.compute.internal", labels: { "karpenter.sh/nodepool": "default" }, kubeletVersion: "v1.32.1-eks-5e0fdde" },
          { name: "fargate-ip-10-1-0-20.eu-west-1.compute.internal", labels: { "eks.amazonaws.com/compute-type": "fargate" }, kubeletVersion: "v1.30.8-eks-2d98532" },
        ],
        objects: readerRbac(),
        eks: ACCESS,
      },
      {
        // The drift role may read DaemonSets but not list nodes.
        name: "locked",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 2, kubeletVersion: "v1.29.12-eks-2d98532", nodegroup: { version: "1.29" } }],
        daemonSets: [kubeProxyDaemonSet("v1.29.10-minimal-eksbuild.3")],
        objects: readerRbac([{ apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] }]),
        eks: { ...ACCESS, addons: [{ name: "vpc-cni", version: "v1.18.3-eksbuild.1" }] },
      },
      {
        name: "rolling",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 1, kubeletVersion: "v1.30.8-eks-2d98532", terminateHook: true, nodegroup: { version: "1.30", status: "UPDATING" } }],
        objects: readerRbac(),
        eks: { ...ACCESS, status: "UPDATING" },
      },
      {
        // No access entry: the cluster rejects Caretaker's token.
        name: "noaccess",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 1, terminateHook: true }],
        daemonSets: [kubeProxyDaemonSet("v1.31.2-minimal-eksbuild.3")],
        eks: { addons: [{ name: "kube-proxy", version: "v1.29.10-eksbuild.3" }] },
      },
      {
        // More node groups than one ListNodegroups page holds (100); EKS-only, without Auto Scaling groups.
        name: "many",
        version: "1.31",
        objects: readerRbac(),
        eks: { ...ACCESS, extraNodegroups: Array.from({ length: 101 }, (_, index) => ({ name: `ng-${String(index).padStart(3, "0")}`, version: index === 100 ? "1.30" : "1.31" })) },
      },
      {
        name: "big",
        version: "1.31",
        nodes: Array.from({ length: 1_201 }, (_, index) => ({ name: `fargate-ip-10-2-${Math.floor(index / 250)}-${index % 250}.eu-west-1.compute.internal`, labels: { "eks.amazonaws.com/compute-type": "fargate" } })),
        objects: readerRbac(),
        eks: ACCESS,
      },
    ],
    aws: {
      eks: { clusterVersions: CLUSTER_VERSIONS, addonCatalog: ADDON_CATALOG },
      ssm: {
        parameters: amiParameters([
          eksOptimizedAmiParameters({ kubernetesVersion: "1.32", family: "amazon-linux-2", releaseVersion: "1.32.3-20250519" }),
          eksOptimizedAmiParameters({ kubernetesVersion: "1.32", releaseVersion: "1.32.0-20250101" }),
          // Windows parameters hold a JSON document and have no release_version child.
          [
            {
              name: "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.32",
              value: JSON.stringify({ schema_version: "2", image_id: "ami-0f1e2d3c4b5a69788", image_name: "Windows_Server-2022-English-Core-EKS_Optimized-1.32-2025.04.09", release_version: "1.32.2-20250409" }),
            },
          ],
        ]),
      },
    },
  };
}

export { scenarioAccountSpec };
