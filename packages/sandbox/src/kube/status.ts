/**
 * Kubernetes `Status` failures with the API server's own reasons and messages (apimachinery `errors.go`), so that
 * clients (client-node, kubectl) and Caretaker's error handling see exactly what a real cluster would send.
 */
interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An HTTP answer the router turns into a response; thrown from handlers. */
class ApiError extends Error {
  readonly status: KubeStatus;
  readonly headers: Record<string, string>;

  constructor(status: KubeStatus, headers: Record<string, string> = {}) {
    super(status.message);
    this.status = status;
    this.headers = headers;
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails, headers?: Record<string, string>): ApiError {
  return new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code }, headers);
}

/** `pods "web-0"` or `deployments.apps "web"`: how the server names a resource in messages. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

const errors = {
  notFound: (resource: string, group: string, name: string) =>
    failure(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, { name, group, kind: resource }),
  notFoundPath: () => failure(404, "NotFound", "the server could not find the requested resource", {}),
  alreadyExists: (resource: string, group: string, name: string) =>
    failure(409, "AlreadyExists", `${qualified(resource, group)} "${name}" already exists`, { name, group, kind: resource }),
  conflict: (resource: string, group: string, name: string, why: string) =>
    failure(409, "Conflict", `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, { name, group, kind: resource }),
  staleResourceVersion: (resource: string, group: string, name: string) =>
    errors.conflict(resource, group, name, "the object has been modified; please apply your changes to the latest version and try again"),
  invalid: (kind: string, group: string, name: string, causes: StatusCause[]) =>
    failure(
      422,
      "Invalid",
      `${kind} "${name}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(", ")}`,
      { name, group, kind, causes: causes.map((cause) => ({ reason: "FieldValueInvalid", ...cause })) },
    ),
  badRequest: (message: string) => failure(400, "BadRequest", message),
  unauthorized: () => failure(401, "Unauthorized", "Unauthorized"),
  forbidden: (message: string, details?: StatusDetails) => failure(403, "Forbidden", message, details),
  methodNotAllowed: (message = "the server does not allow this method on the requested resource") => failure(405, "MethodNotAllowed", message),
  gone: (message: string) => failure(410, "Expired", message),
  unsupportedMediaType: (contentType: string) =>
    failure(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`),
  // The apiserver writes a Retry-After header only for a positive retryAfterSeconds (responsewriters.ErrorNegotiated).
  tooManyRequests: (message: string, retryAfterSeconds: number, causes?: StatusCause[]) =>
    failure(429, "TooManyRequests", message, { retryAfterSeconds, ...(causes ? { causes } : {}) }, retryAfterSeconds > 0 ? { "Retry-After": String(retryAfterSeconds) } : {}),
  internal: (message: string) => failure(500, "InternalError", `Internal error occurred: ${message}`, { causes: [{ message }] }),
  serviceUnavailable: (message: string) => failure(503, "ServiceUnavailable", message),
};

export { ApiError, errors, failure };
export type { KubeStatus, StatusCause, StatusDetails };
