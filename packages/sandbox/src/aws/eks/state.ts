import type {
  AccessScope,
  AddonIssue,
  AddonStatus,
  AMITypes,
  AuthenticationMode,
  CapacityTypes,
  ClusterStatus,
  Insight,
  Issue,
  NodegroupStatus,
  SupportType,
  Taint,
} from "@aws-sdk/client-eks";
import type { SeededRandom } from "../../random";
import type { FakeServiceContext } from "../service";
import type { EksAddonCatalogEntry } from "./spec";

/** What the EKS fake keeps, shared by the per-resource modules. */
interface AccessPolicyRecord {
  policyArn: string;
  accessScope: AccessScope;
  associatedAt: number;
  modifiedAt: number;
}

interface AccessEntryRecord {
  principalArn: string;
  arn: string;
  kubernetesGroups: string[];
  type: string;
  username: string;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  policies: Map<string, AccessPolicyRecord>;
}

interface NodegroupRecord {
  name: string;
  arn: string;
  version: string;
  releaseVersion: string;
  amiType: AMITypes;
  capacityType: CapacityTypes;
  status: NodegroupStatus;
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  instanceTypes: string[];
  autoScalingGroups?: string[];
  labels: Record<string, string>;
  taints: Taint[];
  tags: Record<string, string>;
  nodeRole: string;
  subnets: string[];
  launchTemplate?: { name?: string; version?: string; id?: string };
  healthIssues: Issue[];
  createdAt: number;
  modifiedAt: number;
}

interface AddonRecord {
  name: string;
  arn: string;
  version: string;
  status: AddonStatus;
  serviceAccountRoleArn?: string;
  configurationValues?: string;
  healthIssues: AddonIssue[];
  tags: Record<string, string>;
  publisher: string;
  owner: string;
  createdAt: number;
  modifiedAt: number;
}

interface ClusterRecord {
  name: string;
  arn: string;
  id: string;
  version: string;
  platformVersion: string;
  status: ClusterStatus;
  endpoint?: string;
  certificateAuthorityData?: string;
  tags: Record<string, string>;
  supportType: SupportType;
  authenticationMode: AuthenticationMode;
  roleArn: string;
  createdAt: number;
  vpcId: string;
  subnetIds: string[];
  clusterSecurityGroupId: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
  nodegroups: Map<string, NodegroupRecord>;
  addons: Map<string, AddonRecord>;
  insights: Insight[];
  accessEntries: Map<string, AccessEntryRecord>;
}

interface ClusterVersionRecord {
  version: string;
  releaseDate: number;
  endOfStandardSupportDate: number;
  endOfExtendedSupportDate: number;
  defaultPlatformVersion: string;
  defaultVersion: boolean;
  kubernetesPatchVersion: string;
}

interface EksState {
  context: FakeServiceContext;
  random: SeededRandom;
  clusters: Map<string, ClusterRecord>;
  versions: ClusterVersionRecord[];
  catalog: EksAddonCatalogEntry[];
  /** Auto Scaling groups of a managed node group when its spec names none (wired by the account). */
  autoScalingGroupsOf: (clusterName: string, nodegroupName: string) => string[];
}

function toMs(value: Date | string | undefined, fallback: number): number {
  return value === undefined ? fallback : new Date(value).getTime();
}

export { toMs };
export type { AccessEntryRecord, AccessPolicyRecord, AddonRecord, ClusterRecord, ClusterVersionRecord, EksState, NodegroupRecord };
