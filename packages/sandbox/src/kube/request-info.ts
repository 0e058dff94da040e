import { findResource, type ResourceType } from "./resources";
import { errors } from "./status";

/** apiserver `RequestInfo`: what a URL + method mean, for authorization and dispatch. */
type RequestInfo =
  | { kind: "path"; verb: string; path: string }
  | {
      kind: "resource";
      verb: string;
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

function verbFor(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return watch ? "watch" : hasName ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return hasName ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

/**
 * Parses `/api/v1/...` and `/apis/{group}/{version}/...` into resource requests (cluster-scoped, namespaced,
 * all-namespaces, named, subresource); everything else (discovery, /version, /healthz) is a non-resource path.
 */
function parseRequest(method: string, pathname: string, watch: boolean): RequestInfo {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1] as string;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1] as string;
    version = parts[2] as string;
    rest = parts.slice(3);
  } else {
    return { kind: "path", verb: method === "GET" || method === "HEAD" ? "get" : method.toLowerCase(), path: pathname };
  }
  let namespace: string | undefined;
  // `namespaces/{ns}/{resource}…` is a namespaced request; `namespaces` or `namespaces/{name}[/status]` is the
  // namespace resource itself.
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = "", name, subresource, ...extra] = rest;
  const type = findResource(group, version, resource);
  if (!type || extra.length > 0) throw errors.notFoundPath();
  if (namespace !== undefined && !type.namespaced) throw errors.notFoundPath();
  if (subresource && !(type.subresources ?? []).some((sub) => sub.name === subresource)) throw errors.notFoundPath();
  return {
    kind: "resource",
    verb: verbFor(method, name !== undefined, watch),
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

export { parseRequest };
export type { RequestInfo };
