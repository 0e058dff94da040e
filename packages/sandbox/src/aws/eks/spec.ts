import type {
  AccessScopeType,
  AddonIssue,
  AddonStatus,
  AMITypes,
  AuthenticationMode,
  CapacityTypes,
  Category,
  ClusterStatus,
  InsightCategorySpecificSummary,
  InsightResourceDetail,
  InsightStatusValue,
  Issue,
  NodegroupStatus,
  SupportType,
  Taint,
} from "@aws-sdk/client-eks";

/** Declarative EKS state for a sandbox account (field names follow the EKS API, drift.md §9). */
interface EksAccessPolicySpec {
  /** e.g. "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy". */
  policyArn: string;
  /** Default cluster-wide. */
  accessScope?: { type: AccessScopeType; namespaces?: string[] };
}

interface EksAccessEntrySpec {
  /** IAM role or user ARN. */
  principalArn: string;
  kubernetesGroups?: string[];
  /** Default STANDARD. */
  type?: "STANDARD" | "EC2_LINUX" | "EC2_WINDOWS" | "FARGATE_LINUX" | "HYBRID_LINUX";
  /** Default per EKS: `arn:aws:sts::<acct>:assumed-role/<role>/{{SessionName}}` for roles, the ARN for users. */
  username?: string;
  tags?: Record<string, string>;
  accessPolicies?: EksAccessPolicySpec[];
}

interface EksNodegroupSpec {
  name: string;
  /** Default the cluster's version. */
  version?: string;
  /** The EKS optimised AMI release (e.g. "1.31.3-20250103"), or the AMI id for a custom AMI. */
  releaseVersion?: string;
  /** Default AL2023_x86_64_STANDARD. */
  amiType?: AMITypes;
  /** Default ON_DEMAND. */
  capacityType?: CapacityTypes;
  /** Default ACTIVE. */
  status?: NodegroupStatus;
  scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number };
  instanceTypes?: string[];
  /**
   * Names of the node group's Auto Scaling groups. Default: the account's groups tagged for this cluster and node
   * group (`AutoScalingGroupSpec.cluster` + `nodegroup`).
   */
  autoScalingGroups?: string[];
  labels?: Record<string, string>;
  taints?: Taint[];
  tags?: Record<string, string>;
  nodeRole?: string;
  launchTemplate?: { name?: string; version?: string; id?: string };
  healthIssues?: Issue[];
}

interface EksAddonSpec {
  name: string;
  version: string;
  /** Default ACTIVE. */
  status?: AddonStatus;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  healthIssues?: AddonIssue[];
  tags?: Record<string, string>;
}

interface EksInsightSpec {
  /** Default a generated UUID. */
  id?: string;
  name: string;
  /** Default UPGRADE_READINESS. */
  category?: Category;
  kubernetesVersion: string;
  status: InsightStatusValue;
  reason?: string;
  description?: string;
  recommendation?: string;
  additionalInfo?: Record<string, string>;
  resources?: InsightResourceDetail[];
  categorySpecificSummary?: InsightCategorySpecificSummary;
  /** Default the sandbox clock's time at account creation. */
  lastRefreshTime?: Date | string;
  lastTransitionTime?: Date | string;
}

interface EksClusterSpec {
  name: string;
  /** Kubernetes minor version, e.g. "1.31". */
  version: string;
  /** Default "eks.1". */
  platformVersion?: string;
  /** Default ACTIVE. */
  status?: ClusterStatus;
  /** Usually set later with `FakeEks.setEndpoint`, once the Kubernetes simulator listens. */
  endpoint?: string;
  /** Base64 of the cluster CA's PEM, as DescribeCluster returns it. */
  certificateAuthorityData?: string;
  tags?: Record<string, string>;
  /** Default EXTENDED ("Extended support is enabled by default", drift.md §8). */
  supportType?: SupportType;
  /** Default API_AND_CONFIG_MAP. */
  authenticationMode?: AuthenticationMode;
  roleArn?: string;
  createdAt?: Date | string;
  nodegroups?: EksNodegroupSpec[];
  addons?: EksAddonSpec[];
  insights?: EksInsightSpec[];
  accessEntries?: EksAccessEntrySpec[];
  /**
   * The API server endpoint's access (resourcesVpcConfig): default public to 0.0.0.0/0 and private. `public: false`
   * makes a private-only cluster, reachable only from its VPC (or networks routed to it).
   */
  endpointAccess?: { public?: boolean; private?: boolean; publicAccessCidrs?: string[] };
}

interface EksClusterVersionSpec {
  /** e.g. "1.31". */
  version: string;
  releaseDate: Date | string;
  /** Default releaseDate + 14 months (standard support, drift.md §8). */
  endOfStandardSupportDate?: Date | string;
  /** Default releaseDate + 26 months (standard + 12 months of extended support). */
  endOfExtendedSupportDate?: Date | string;
  /** Default "eks.1". */
  defaultPlatformVersion?: string;
  /** Whether this is the default version for new clusters (default false). */
  defaultVersion?: boolean;
  /** Default "<version>.0". */
  kubernetesPatchVersion?: string;
}

interface EksAddonCatalogEntry {
  name: string;
  /** Default "networking". */
  type?: string;
  /** Default "eks". */
  publisher?: string;
  /** Default "aws". */
  owner?: string;
  versions: Array<{
    version: string;
    compatibilities: Array<{ clusterVersion: string; defaultVersion?: boolean; platformVersions?: string[] }>;
    architecture?: string[];
    computeTypes?: string[];
    requiresConfiguration?: boolean;
    requiresIamPermissions?: boolean;
  }>;
}

interface EksSpec {
  clusters?: EksClusterSpec[];
  /** What DescribeClusterVersions knows; its support status follows the sandbox clock. */
  clusterVersions?: EksClusterVersionSpec[];
  /** What DescribeAddonVersions knows. */
  addonCatalog?: EksAddonCatalogEntry[];
}

export type {
  EksAccessEntrySpec,
  EksAccessPolicySpec,
  EksAddonCatalogEntry,
  EksAddonSpec,
  EksClusterSpec,
  EksClusterVersionSpec,
  EksInsightSpec,
  EksNodegroupSpec,
  EksSpec,
};
