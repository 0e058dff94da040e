import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** Prefix aws-iam-authenticator expects in front of the base64url-encoded presigned URL. */
const TOKEN_PREFIX = "k8s-aws-v1.";
/** The header that binds a token to one cluster; the authenticator rejects tokens that do not sign it. */
const CLUSTER_ID_HEADER = "x-k8s-aws-id";
/**
 * STS honours a presigned GetCallerIdentity URL for 15 minutes whatever X-Amz-Expires says; aws-iam-authenticator
 * treats tokens as expired one minute earlier, so 14 minutes is the usable life of a token.
 */
const TOKEN_LIFETIME_MS = 14 * 60_000;
/** Same value aws-iam-authenticator and the node-drainer send (it is ignored by STS, but signed). */
const PRESIGN_EXPIRES_SECONDS = 60;

interface EksTokenRequest {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Signing time; defaults to now. Fixed in tests to reproduce published vectors. */
  signingDate?: Date;
}

interface EksToken {
  token: string;
  /** When the API server will start rejecting the token. */
  expiresAt: Date;
}

/** STS host of the region's partition: the authenticator only accepts STS hosts of its own partition. */
function stsHostForRegion(region: string): string {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `sts.${region}.${suffix}`;
}

/**
 * Builds an EKS bearer token: `k8s-aws-v1.` + unpadded base64url of a presigned STS GetCallerIdentity URL whose
 * signed headers include `x-k8s-aws-id`. Presigning is local; no request reaches STS from here.
 */
async function createEksToken({ clusterName, region, credentials, signingDate = new Date() }: EksTokenRequest): Promise<EksToken> {
  if (!clusterName) throw new Error("Cannot create an EKS token without a cluster name");
  if (!region) throw new Error(`Cannot create an EKS token for cluster "${clusterName}": no AWS region is configured (set AWS_REGION)`);
  const hostname = stsHostForRegion(region);
  const signer = new SignatureV4({ credentials, region, service: "sts", sha256: Sha256 });
  const presigned = await signer.presign(
    new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname,
      path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: clusterName },
    }),
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate },
  );
  const url = `https://${hostname}/?${encodeQuery(presigned.query)}`;
  return {
    token: TOKEN_PREFIX + Buffer.from(url, "utf8").toString("base64url").replace(/=+$/, ""),
    expiresAt: new Date(signingDate.getTime() + TOKEN_LIFETIME_MS),
  };
}

/**
 * Query in the order botocore and aws-iam-authenticator produce it: sorted by name with the signature last. The
 * signature does not depend on this order, but the published test vector (and byte-for-byte parity) does.
 */
function encodeQuery(query: HttpRequest["query"] = {}): string {
  const entries = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => v != null).map((v) => [key, v] as const),
  );
  const signature = entries.filter(([key]) => key === "X-Amz-Signature");
  const rest = entries.filter(([key]) => key !== "X-Amz-Signature").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...rest, ...signature].map(([key, value]) => `${awsUriEscape(key)}=${awsUriEscape(value)}`).join("&");
}

/** RFC 3986 escaping as SigV4 defines it (encodeURIComponent leaves !'()* unescaped). */
function awsUriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export { createEksToken, stsHostForRegion, TOKEN_PREFIX, CLUSTER_ID_HEADER, TOKEN_LIFETIME_MS };
export type { EksToken, EksTokenRequest };
