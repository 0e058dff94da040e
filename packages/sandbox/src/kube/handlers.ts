import { apiVersionOf, type ResourceType } from "./resources";
import { evictPod, type EvictionBody } from "./eviction";
import { patchTypeOf } from "./patch";
import { authorize, rulesFor, type Identity } from "./rbac";
import type { DeleteOptions, Registry } from "./registry";
import type { RequestInfo } from "./request-info";
import { errors } from "./status";
import type { KubeObject } from "./store";
import { toTable, wantsTable } from "./table";

interface ResourceRequest {
  info: Extract<RequestInfo, { kind: "resource" }>;
  query: URLSearchParams;
  body: unknown;
  contentType: string | undefined;
  /** The Accept header: kubectl asks for server-side printed Tables. */
  accept?: string;
  identity: Identity;
}

interface HandlerResult {
  status: number;
  body: unknown;
}

function deleteOptionsFrom(query: URLSearchParams, body: unknown): DeleteOptions {
  const fromBody = (body && typeof body === "object" ? body : {}) as DeleteOptions;
  const options: DeleteOptions = { ...fromBody };
  const grace = query.get("gracePeriodSeconds");
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const propagation = query.get("propagationPolicy");
  if (propagation) options.propagationPolicy = propagation as DeleteOptions["propagationPolicy"];
  if (query.getAll("dryRun").length > 0) options.dryRun = query.getAll("dryRun");
  return options;
}

function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll("dryRun");
  if (values.some((value) => value !== "All")) throw errors.badRequest(`Invalid dry run value: ${values.join(",")}; supported values are: All`);
  return values.length > 0;
}

/** Lists drop each item's apiVersion/kind, as the API server's typed lists do. */
function asList(type: ResourceType, items: KubeObject[], metadata: object) {
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata,
    items: items.map(({ apiVersion: _a, kind: _k, ...item }) => item),
  };
}

/** The review kinds, answered from the request's identity and never stored. */
function review(request: ResourceRequest, registry: Registry): HandlerResult {
  const { info, body, identity } = request;
  const input = (body ?? {}) as { spec?: Record<string, unknown> };
  const userInfo = { username: identity.username, ...(identity.uid !== undefined ? { uid: identity.uid } : {}), groups: identity.groups, ...(identity.extra ? { extra: identity.extra } : {}) };
  if (info.type.resource === "selfsubjectreviews") {
    return { status: 201, body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview", metadata: { creationTimestamp: null }, status: { userInfo } } };
  }
  if (info.type.resource === "selfsubjectaccessreviews") {
    const resourceAttributes = input.spec?.resourceAttributes as { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string } | undefined;
    const nonResource = input.spec?.nonResourceAttributes as { path?: string; verb?: string } | undefined;
    if (!resourceAttributes && !nonResource) throw errors.invalid("SelfSubjectAccessReview", "authorization.k8s.io", "", [{ field: "spec.resourceAttributes", message: "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified" }]);
    const allowed = resourceAttributes
      ? authorize(registry.store, identity, {
          kind: "resource",
          verb: resourceAttributes.verb ?? "",
          apiGroup: resourceAttributes.group ?? "",
          resource: resourceAttributes.resource ?? "",
          ...(resourceAttributes.subresource ? { subresource: resourceAttributes.subresource } : {}),
          ...(resourceAttributes.namespace ? { namespace: resourceAttributes.namespace } : {}),
          ...(resourceAttributes.name ? { name: resourceAttributes.name } : {}),
        })
      : authorize(registry.store, identity, { kind: "path", verb: nonResource?.verb ?? "get", path: nonResource?.path ?? "/" });
    return {
      status: 201,
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: { creationTimestamp: null }, spec: input.spec, status: { allowed, ...(allowed ? { reason: "RBAC: allowed by a binding" } : {}) } },
    };
  }
  const namespace = (input.spec?.namespace as string | undefined) ?? undefined;
  const rules = rulesFor(registry.store, identity, namespace);
  return {
    status: 201,
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      metadata: { creationTimestamp: null },
      spec: input.spec ?? {},
      status: {
        resourceRules: rules.filter((rule) => rule.resources?.length).map(({ verbs, apiGroups, resources, resourceNames }) => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) })),
        nonResourceRules: rules.filter((rule) => rule.nonResourceURLs?.length).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceURLs })),
        incomplete: false,
      },
    },
  };
}

/** Dispatches a resource request (already authenticated and authorized) to the registry. */
function handleResource(request: ResourceRequest, registry: Registry): HandlerResult {
  const { info, query, body, contentType } = request;
  const { type, namespace, name, subresource, verb } = info;
  if (type.virtual) {
    if (verb !== "create") throw errors.methodNotAllowed();
    return review(request, registry);
  }
  if (verb === "watch") throw errors.methodNotAllowed("watch is not modelled by the Caretaker sandbox; poll with get/list");
  const status = subresource === "status" ? ("status" as const) : undefined;

  if (subresource === "eviction") {
    if (verb !== "create") throw errors.methodNotAllowed();
    const result = evictPod(registry, namespace as string, name as string, body as EvictionBody);
    return { status: 201, body: result };
  }
  switch (verb) {
    case "list": {
      const limit = query.get("limit");
      const result = registry.list(type, namespace, {
        labelSelector: query.get("labelSelector"),
        fieldSelector: query.get("fieldSelector"),
        ...(limit ? { limit: Number(limit) } : {}),
        continueToken: query.get("continue"),
      });
      if (wantsTable(request.accept)) return { status: 200, body: toTable(type, result.items, result.metadata, registry.clock.nowMs()) };
      return { status: 200, body: asList(type, result.items, result.metadata) };
    }
    case "get": {
      const object = registry.get(type, namespace, name as string);
      if (wantsTable(request.accept)) return { status: 200, body: toTable(type, [object], { resourceVersion: object.metadata.resourceVersion }, registry.clock.nowMs()) };
      return { status: 200, body: object };
    }
    case "create":
      if (name !== undefined) throw errors.methodNotAllowed();
      return { status: 201, body: registry.create(type, namespace, body as KubeObject, { dryRun: isDryRun(query) }) };
    case "update":
      return { status: 200, body: registry.replace(type, namespace, name as string, body as KubeObject, { ...(status ? { subresource: status } : {}), dryRun: isDryRun(query) }) };
    case "patch":
      return { status: 200, body: registry.patch(type, namespace, name as string, patchTypeOf(contentType), body, { ...(status ? { subresource: status } : {}), dryRun: isDryRun(query) }) };
    case "delete":
      return { status: 200, body: registry.delete(type, namespace, name as string, deleteOptionsFrom(query, body)) };
    case "deletecollection": {
      const victims = registry.list(type, namespace, { labelSelector: query.get("labelSelector"), fieldSelector: query.get("fieldSelector") }).items;
      for (const victim of victims) registry.delete(type, victim.metadata.namespace, victim.metadata.name, deleteOptionsFrom(query, body));
      return { status: 200, body: asList(type, victims, { resourceVersion: registry.store.revision }) };
    }
    default:
      throw errors.methodNotAllowed();
  }
}

export { handleResource };
export type { HandlerResult, ResourceRequest };
