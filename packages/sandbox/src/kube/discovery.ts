import { apiGroups, apiVersionOf, RESOURCES } from "./resources";

/** Legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{g}/{v}`), which every client understands. */
function apiVersions(serverAddress: string) {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroupList() {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: apiGroups().map(({ group, version }) => ({
      name: group,
      versions: [{ groupVersion: `${group}/${version}`, version }],
      preferredVersion: { groupVersion: `${group}/${version}`, version },
    })),
  };
}

function apiGroup(name: string) {
  const group = apiGroups().find((candidate) => candidate.group === name);
  if (!group) return undefined;
  const version = { groupVersion: `${group.group}/${group.version}`, version: group.version };
  return { kind: "APIGroup", apiVersion: "v1", name, versions: [version], preferredVersion: version };
}

function apiResourceList(group: string, version: string) {
  const types = RESOURCES.filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: apiVersionOf({ group, version }),
    resources: types.flatMap((type) => [
      {
        name: type.resource,
        singularName: type.singular,
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: type.verbs,
        ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      },
      ...(type.subresources ?? []).map((sub) => ({
        name: `${type.resource}/${sub.name}`,
        singularName: "",
        namespaced: type.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      })),
    ]),
  };
}

export { apiGroup, apiGroupList, apiResourceList, apiVersions };
