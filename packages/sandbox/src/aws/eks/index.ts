export { FakeEks } from "./fake-eks";
export type { ClusterUpdate } from "./fake-eks";
export type { ClusterIdentity, IdentityOptions } from "./identity";
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
} from "./spec";
