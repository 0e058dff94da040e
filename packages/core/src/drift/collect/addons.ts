import { type Addon, DescribeAddonCommand, DescribeAddonVersionsCommand, ListAddonsCommand } from "@aws-sdk/client-eks";
import { allPages, type CollectContext, DESCRIBE_CONCURRENCY, describeError, mapLimit } from "./context";
import type { AddonFacts, AddonVersionList } from "./facts";

/**
 * The versions of `addonName` EKS lists for `kubernetesVersion` (DescribeAddonVersions, paginated — eksup does not
 * paginate and can miss versions), newest first as the API returns them, with the default one. Undefined when EKS
 * has no catalog entry for the add-on at that version (e.g. a marketplace add-on it does not list): then
 * compatibility cannot be judged, which is not the same as "incompatible".
 */
function addonVersions(ctx: CollectContext, addonName: string, kubernetesVersion: string): Promise<AddonVersionList | undefined> {
  return ctx.lookups.get(`eks:DescribeAddonVersions:${addonName}:${kubernetesVersion}`, async () => {
    const pages = await allPages(
      (nextToken) =>
        ctx.aws("eks:DescribeAddonVersions", () => ctx.deps.eks.send(new DescribeAddonVersionsCommand({ addonName, kubernetesVersion, ...(nextToken ? { nextToken } : {}) }))),
      (page) => page.nextToken,
    );
    const infos = pages.flatMap((page) => page.addons ?? []).filter((info) => info.addonName === addonName);
    const versions = infos.flatMap((info) => info.addonVersions ?? []);
    if (versions.length === 0) return undefined;
    const defaultVersion = versions.find((version) => version.compatibilities?.some((c) => c.clusterVersion === kubernetesVersion && c.defaultVersion))?.addonVersion;
    return {
      kubernetesVersion,
      versions: versions.map((version) => version.addonVersion ?? "").filter(Boolean),
      ...(defaultVersion ? { defaultVersion } : {}),
    };
  });
}

function addonFacts(name: string, addon: Addon): AddonFacts {
  return {
    name,
    ...(addon.addonVersion ? { version: addon.addonVersion } : {}),
    ...(addon.status ? { status: addon.status } : {}),
    healthIssues: (addon.health?.issues ?? []).map((issue) => ({
      ...(issue.code ? { code: issue.code } : {}),
      ...(issue.message ? { message: issue.message } : {}),
    })),
    compatibility: {},
  };
}

async function compatibilityWith(ctx: CollectContext, addon: AddonFacts, kubernetesVersion: string): Promise<AddonVersionList | undefined> {
  try {
    const list = await addonVersions(ctx, addon.name, kubernetesVersion);
    if (!list) ctx.problem("addons", `EKS lists no versions of add-on ${addon.name} for Kubernetes ${kubernetesVersion}, so its compatibility with ${kubernetesVersion} was not checked.`);
    return list;
  } catch (error) {
    ctx.problem("addons", `The compatibility of add-on ${addon.name} with Kubernetes ${kubernetesVersion} was not checked: DescribeAddonVersions failed: ${describeError(error)}`);
    return undefined;
  }
}

/**
 * EKS add-ons (ListAddons, DescribeAddon) with the versions EKS supports for the control plane's version and, when EKS
 * offers it, the next one (drift.md §9.3, checklist 13). EKS does not update add-ons when it upgrades the control
 * plane, so an add-on that does not support the next version blocks the upgrade.
 */
async function collectAddons(ctx: CollectContext, current: string, next: Promise<string | undefined>): Promise<AddonFacts[]> {
  const { eks } = ctx.deps;
  let names: string[];
  try {
    const pages = await allPages(
      (nextToken) => ctx.aws("eks:ListAddons", () => eks.send(new ListAddonsCommand({ clusterName: ctx.cluster, ...(nextToken ? { nextToken } : {}) }))),
      (page) => page.nextToken,
    );
    names = pages.flatMap((page) => page.addons ?? []);
  } catch (error) {
    ctx.problem("addons", `ListAddons failed, so no add-on was checked: ${describeError(error)}`);
    return [];
  }
  const nextVersion = await next;
  const addons = await mapLimit(names, DESCRIBE_CONCURRENCY, async (name) => {
    let addon: AddonFacts;
    try {
      const described = await ctx.aws("eks:DescribeAddon", () => eks.send(new DescribeAddonCommand({ clusterName: ctx.cluster, addonName: name })));
      addon = addonFacts(name, described.addon ?? {});
    } catch (error) {
      ctx.problem("addons", `Add-on ${name} was not checked: DescribeAddon failed: ${describeError(error)}`);
      return undefined;
    }
    const [currentList, nextList] = await Promise.all([compatibilityWith(ctx, addon, current), nextVersion ? compatibilityWith(ctx, addon, nextVersion) : undefined]);
    addon.compatibility = { ...(currentList ? { current: currentList } : {}), ...(nextList ? { next: nextList } : {}) };
    return addon;
  });
  return addons.filter((addon): addon is AddonFacts => addon !== undefined);
}

export { collectAddons };
