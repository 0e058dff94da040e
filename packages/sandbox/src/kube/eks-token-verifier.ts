import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { timingSafeEqual } from "node:crypto";

/** What aws-iam-authenticator's Verify accepts (drain.md §7.2), which this verifier reproduces. */
const TOKEN_PREFIX = "k8s-aws-v1.";
const MAX_TOKEN_BYTES = 4096;
const ALLOWED_PARAMS = new Set([
  "action",
  "version",
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-security-token",
  "x-amz-signature",
  "x-amz-signedheaders",
]);
/** STS accepts a presigned GetCallerIdentity URL for 15 minutes regardless of X-Amz-Expires. */
const PRESIGN_VALIDITY_MS = 15 * 60_000;

interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Required on the token when set: temporary credentials only sign with their session token. */
  sessionToken?: string;
  /** The IAM principal these credentials belong to, e.g. `arn:aws:iam::111122223333:role/caretaker-drain`. */
  principalArn: string;
}

type TokenVerdict = { ok: true; principalArn: string; accessKeyId: string } | { ok: false; reason: string };

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies an EKS bearer token the way the API server's authenticator + STS would: shape, whitelist, freshness,
 * the signed cluster-id header bound to *this* cluster, and the SigV4 signature against the account's known
 * credentials (STS would reject a bad signature; the sandbox recomputes it instead of calling STS).
 */
async function verifyEksToken(
  token: string,
  expected: { clusterName: string; credentials: readonly SandboxCredentials[]; now: Date },
): Promise<TokenVerdict> {
  const fail = (reason: string): TokenVerdict => ({ ok: false, reason });
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) return fail("token is longer than 4096 bytes");
  if (!token.startsWith(TOKEN_PREFIX)) return fail("token has no k8s-aws-v1. prefix");
  const encoded = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return fail("token is not unpadded base64url");
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return fail("token does not decode to a URL");
  }
  if (url.protocol !== "https:") return fail("presigned URL is not https");
  const region = /^sts\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1];
  if (!region) return fail(`unexpected STS host ${url.hostname}`);
  if (url.pathname !== "/") return fail("presigned URL path is not /");

  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const lower = key.toLowerCase();
    if (!ALLOWED_PARAMS.has(lower)) return fail(`non-whitelisted query parameter ${key}`);
    if (params.has(lower)) return fail(`query parameter ${key} appears more than once`);
    params.set(lower, value);
  }
  if (params.get("action") !== "GetCallerIdentity") return fail("action is not GetCallerIdentity");
  const expires = Number(params.get("x-amz-expires"));
  if (!Number.isInteger(expires) || expires < 0 || expires > 900) return fail("X-Amz-Expires is not within 0..900");
  const signedAt = parseAmzDate(params.get("x-amz-date") ?? "");
  if (!signedAt) return fail("X-Amz-Date is missing or malformed");
  const age = expected.now.getTime() - signedAt.getTime();
  if (age > PRESIGN_VALIDITY_MS) return fail("token expired");
  if (age < -PRESIGN_VALIDITY_MS) return fail("token is signed in the future");
  const signedHeaders = (params.get("x-amz-signedheaders") ?? "").split(";");
  if (!signedHeaders.includes("x-k8s-aws-id")) return fail("x-k8s-aws-id is not a signed header");

  const [accessKeyId, , scopeRegion, service] = (params.get("x-amz-credential") ?? "").split("/");
  if (scopeRegion !== region || service !== "sts") return fail("credential scope does not match the STS endpoint");
  const known = expected.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) return fail(`unknown access key ${accessKeyId ?? ""}`);
  const sessionToken = params.get("x-amz-security-token");
  if ((known.sessionToken ?? undefined) !== (sessionToken ?? undefined)) return fail("security token does not match the credentials");

  // Recompute the signature for *this* cluster: a token minted for another cluster signs a different header value.
  const signer = new SignatureV4({
    credentials: { accessKeyId: known.accessKeyId, secretAccessKey: known.secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region,
    service: "sts",
    sha256: Sha256,
  });
  const headers: Record<string, string> = { host: url.hostname };
  for (const name of signedHeaders) if (name === "x-k8s-aws-id") headers[name] = expected.clusterName;
  const recomputed = await signer.presign(
    new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname: url.hostname,
      path: "/",
      query: { Action: "GetCallerIdentity", Version: params.get("version") ?? "" },
      headers,
    }),
    { expiresIn: expires, signingDate: signedAt },
  );
  const signature = recomputed.query?.["X-Amz-Signature"];
  if (typeof signature !== "string" || !safeEqual(signature, params.get("x-amz-signature") ?? "")) {
    return fail("signature does not match (wrong cluster or credentials)");
  }
  return { ok: true, principalArn: known.principalArn, accessKeyId: known.accessKeyId };
}

export { verifyEksToken };
export type { SandboxCredentials, TokenVerdict };
