import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, type ClusterIdentitySource, type StaticToken } from "./authn";
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./discovery";
import type { KubeFaults, RequestLogEntry } from "./faults";
import { handleResource } from "./handlers";
import { impersonate } from "./impersonation";
import { authorize, forbiddenMessage, type Identity } from "./rbac";
import type { Registry } from "./registry";
import { parseRequest, type RequestInfo } from "./request-info";
import { ApiError, errors } from "./status";

interface ServerContext {
  clusterName: string;
  version: { major: string; minor: string; gitVersion: string; platform?: string };
  registry: Registry;
  faults: KubeFaults;
  requests: RequestLogEntry[];
  staticTokens: Record<string, StaticToken>;
  identities?: ClusterIdentitySource;
  /** Public address for discovery's serverAddressByClientCIDRs. */
  address: () => string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Request entity too large: limit is 3145728", reason: "RequestEntityTooLarge", code: 413 });
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  const type = request.headers["content-type"] ?? "";
  if (type.includes("protobuf")) throw errors.unsupportedMediaType(type);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`the body of the request was in an unknown format - ${(error as Error).message}`);
  }
}

function nonResource(path: string, context: ServerContext): { status: number; body: unknown; text?: string } {
  if (path === "/version" || path === "/version/") {
    return { status: 200, body: { ...context.version, gitCommit: "0000000000000000000000000000000000000000", gitTreeState: "clean", buildDate: "2026-01-01T00:00:00Z", goVersion: "go1.24.0", compiler: "gc", platform: context.version.platform ?? "linux/amd64" } };
  }
  if (["/healthz", "/livez", "/readyz"].includes(path)) return { status: 200, body: undefined, text: "ok" };
  if (path === "/api" || path === "/api/") return { status: 200, body: apiVersions(context.address()) };
  if (path === "/apis" || path === "/apis/") return { status: 200, body: apiGroupList() };
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "api" && parts.length === 2) {
    const list = apiResourceList("", parts[1] as string);
    if (list) return { status: 200, body: list };
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const group = apiGroup(parts[1] as string);
    if (group) return { status: 200, body: group };
  }
  if (parts[0] === "apis" && parts.length === 3) {
    const list = apiResourceList(parts[1] as string, parts[2] as string);
    if (list) return { status: 200, body: list };
  }
  throw errors.notFoundPath();
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, text?: string): void {
  if (text !== undefined) {
    response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(text);
    return;
  }
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-cache, private", ...headers }).end(body === undefined ? "" : JSON.stringify(body));
}

/**
 * One API server request, in the apiserver's filter order: fault injection, authentication (401), impersonation
 * (400/403), request info, authorization (403 with the RBAC message), then the handler; every request is logged with
 * its outcome.
 */
function createRequestHandler(context: ServerContext) {
  const clock = context.registry.clock;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "https://sandbox.local");
    const method = request.method ?? "GET";
    const entry: RequestLogEntry = { at: clock.now().toISOString(), method, path: url.pathname, query: url.search, user: "", status: 0 };
    context.requests.push(entry);
    const finish = (status: number, body: unknown, headers?: Record<string, string>, text?: string) => {
      entry.status = status;
      send(response, status, body, headers, text);
    };
    try {
      const body = await readBody(request);
      if (context.faults.latencyMs > 0) {
        entry.fault = "latency";
        await clock.sleep(context.faults.latencyMs);
      }
      const scripted = context.faults.takeScripted(method, url.pathname);
      if (scripted) {
        entry.fault = "scripted";
        return finish(scripted.status, scripted.body, scripted.headers);
      }
      const randomStatus = context.faults.randomError(url.pathname);
      if (randomStatus) {
        entry.fault = "random-error";
        const failure = randomStatus === 503 ? errors.serviceUnavailable("the server is currently unable to handle the request") : errors.internal("sandbox fault injection");
        return finish(failure.status.code, failure.status, randomStatus === 503 ? { "Retry-After": "1" } : {});
      }

      const auth = await authenticate(request.headers.authorization, {
        clusterName: context.clusterName,
        clock,
        staticTokens: context.staticTokens,
        ...(context.identities ? { identities: context.identities } : {}),
      });
      if (!auth.ok && !auth.anonymous) {
        const status = errors.unauthorized().status;
        return finish(401, status);
      }
      entry.user = auth.identity.username;
      // Impersonation headers switch the identity once the requester may impersonate each value (403/400 otherwise).
      const acting = impersonate(request.headersDistinct, auth.identity, context.registry.store);
      const identity: Identity = acting.identity;
      if (acting.impersonated) {
        entry.impersonator = auth.identity.username;
        entry.user = identity.username;
      }

      const info: RequestInfo = parseRequest(method, url.pathname, url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1");
      entry.verb = info.verb;
      if (info.kind === "resource") entry.resource = info.subresource ? `${info.type.resource}/${info.subresource}` : info.type.resource;
      const attributes =
        info.kind === "path"
          ? ({ kind: "path", verb: info.verb, path: url.pathname } as const)
          : ({
              kind: "resource",
              verb: info.verb,
              apiGroup: info.type.group,
              resource: info.type.resource,
              ...(info.subresource ? { subresource: info.subresource } : {}),
              ...(info.namespace ? { namespace: info.namespace } : {}),
              ...(info.name ? { name: info.name } : {}),
            } as const);
      if (!authorize(context.registry.store, identity, attributes)) {
        const denied = errors.forbidden(forbiddenMessage(identity, attributes), info.kind === "resource" ? { ...(info.name ? { name: info.name } : {}), group: info.type.group, kind: info.type.resource } : undefined);
        return finish(403, denied.status);
      }
      if (info.kind === "path") {
        const result = nonResource(url.pathname, context);
        return finish(result.status, result.body, {}, result.text);
      }
      const result = handleResource({ info, query: url.searchParams, body, contentType: request.headers["content-type"], accept: request.headers.accept, identity }, context.registry);
      return finish(result.status, result.body);
    } catch (error) {
      if (error instanceof ApiError) return finish(error.status.code, error.status, error.headers);
      const failure = errors.internal((error as Error).message ?? String(error));
      return finish(500, failure.status);
    }
  };
}

export { createRequestHandler };
export type { ServerContext };
