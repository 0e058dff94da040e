import { type Attributes, authorize, forbiddenMessage, type Identity } from "./rbac";
import { errors } from "./status";
import type { ObjectStore } from "./store";

/**
 * User impersonation as the API server's `WithImpersonation` filter does it (k8s.io/apiserver
 * `pkg/endpoints/filters/impersonation.go`), between authentication and authorization:
 *
 * - `Impersonate-User` (a `system:serviceaccount:<ns>:<name>` user is a ServiceAccount), each `Impersonate-Group`
 *   header line, each `Impersonate-Extra-<key>` value and `Impersonate-Uid` is one request; groups, extras or a UID
 *   without a user are a 400.
 * - The requester needs `impersonate` on each, checked in that order, the first refusal answering 403 with the
 *   authorizer's message: `users` / `groups` / `serviceaccounts` (namespaced) in the core group, `uids` and
 *   `userextras/<key>` in `authentication.k8s.io`, each with the impersonated value as the resource name.
 * - The new identity is exactly what was asked for — the user's own groups are not looked up — plus
 *   `system:authenticated` (unless `system:authenticated` or `system:unauthenticated` was asked for), or
 *   `system:unauthenticated` for `system:anonymous`; a ServiceAccount without groups gets its fixed groups.
 * - Nothing of the requester carries over: EKS access policies belong to the authenticated IAM principal, so an
 *   impersonated identity has none (only RBAC decides for it).
 *
 * Every value must be its own header line (Go reads `Header["Impersonate-Group"]`); a comma-joined line is one group
 * named with the comma, as on a real server.
 */
type ImpersonationKind = "ServiceAccount" | "User" | "Group" | "UserExtra" | "UID";

interface ImpersonationRequest {
  kind: ImpersonationKind;
  name: string;
  namespace?: string;
  /** `authentication.k8s.io/v1` for extras and UIDs (the filter's ObjectReference.APIVersion). */
  apiVersion?: string;
  /** The extra's key (the filter keeps it in ObjectReference.FieldPath). */
  fieldPath?: string;
}

const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
const EXTRA_PREFIX = "impersonate-extra-";
const AUTHENTICATION_V1 = "authentication.k8s.io/v1";

/** `serviceaccount.SplitUsername`: exactly `system:serviceaccount:<namespace>:<name>`. */
function splitServiceAccount(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** Go's `%v` of a `v1.ObjectReference` (Kind Namespace Name UID APIVersion ResourceVersion FieldPath). */
function goObjectReference(request: ImpersonationRequest): string {
  return `{${[request.kind, request.namespace ?? "", request.name, "", request.apiVersion ?? "", "", request.fieldPath ?? ""].join(" ")}}`;
}

function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** `buildImpersonationRequests`: what the headers ask for, in the order the filter authorizes them. */
function impersonationRequests(headers: NodeJS.Dict<string[]>): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = headers["impersonate-user"]?.[0] ?? "";
  if (user) {
    const serviceAccount = splitServiceAccount(user);
    requests.push(serviceAccount ? { kind: "ServiceAccount", ...serviceAccount } : { kind: "User", name: user });
  }
  const groups = headers["impersonate-group"] ?? [];
  for (const group of groups) requests.push({ kind: "Group", name: group });
  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    hasExtra = true;
    const key = unescapeExtraKey(header.slice(EXTRA_PREFIX.length).toLowerCase());
    for (const value of values ?? []) requests.push({ kind: "UserExtra", name: value, apiVersion: AUTHENTICATION_V1, fieldPath: key });
  }
  const uid = headers["impersonate-uid"]?.[0] ?? "";
  if (uid) requests.push({ kind: "UID", name: uid, apiVersion: AUTHENTICATION_V1 });
  if ((groups.length > 0 || hasExtra || uid) && !user) {
    throw errors.badRequest(`requested [${requests.map(goObjectReference).join(" ")}] without impersonating a user`);
  }
  return requests;
}

function attributesFor(request: ImpersonationRequest): Attributes {
  const base = { kind: "resource", verb: "impersonate", name: request.name } as const;
  switch (request.kind) {
    case "ServiceAccount":
      return { ...base, apiGroup: "", resource: "serviceaccounts", namespace: request.namespace as string };
    case "User":
      return { ...base, apiGroup: "", resource: "users" };
    case "Group":
      return { ...base, apiGroup: "", resource: "groups" };
    case "UserExtra":
      return { ...base, apiGroup: "authentication.k8s.io", resource: "userextras", subresource: request.fieldPath as string };
    case "UID":
      return { ...base, apiGroup: "authentication.k8s.io", resource: "uids" };
  }
}

/**
 * The identity a request acts as: the authenticated `requester`, or whom its impersonation headers name once the
 * requester was allowed to impersonate each of them (headers as `IncomingMessage.headersDistinct` gives them: lower-case
 * names, one value per header line). Throws the API server's 400 or 403 otherwise.
 */
function impersonate(distinct: NodeJS.Dict<string[]>, requester: Identity, store: ObjectStore): { identity: Identity; impersonated: boolean } {
  const requests = impersonationRequests(distinct);
  if (requests.length === 0) return { identity: requester, impersonated: false };
  const groupsSpecified = (distinct["impersonate-group"] ?? []).length > 0;
  let username = "";
  let uid: string | undefined;
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const request of requests) {
    const attributes = attributesFor(request);
    if (request.kind === "ServiceAccount") {
      username = `${SERVICE_ACCOUNT_PREFIX}${request.namespace}:${request.name}`;
      if (!groupsSpecified) groups = ["system:serviceaccounts", `system:serviceaccounts:${request.namespace}`];
    } else if (request.kind === "User") username = request.name;
    else if (request.kind === "Group") groups.push(request.name);
    else if (request.kind === "UserExtra") (extra[request.fieldPath as string] ??= []).push(request.name);
    else uid = request.name;
    if (!authorize(store, requester, attributes)) {
      const resource = attributes.kind === "resource" ? attributes : undefined;
      throw errors.forbidden(forbiddenMessage(requester, attributes), { name: request.name, group: resource?.apiGroup ?? "", kind: resource?.resource ?? "" });
    }
  }
  if (username !== "system:anonymous") {
    if (!groups.includes("system:authenticated") && !groups.includes("system:unauthenticated")) groups.push("system:authenticated");
  } else if (!groups.includes("system:unauthenticated")) groups.push("system:unauthenticated");
  return {
    identity: { username, groups, ...(uid !== undefined ? { uid } : {}), ...(Object.keys(extra).length > 0 ? { extra } : {}) },
    impersonated: true,
  };
}

export { impersonate };
