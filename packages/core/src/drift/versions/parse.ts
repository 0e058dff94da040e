import { InvalidKubeVersionError } from "./invalid-kube-version-error";
import type { KubeVersion } from "./kube-version";

/**
 * `[v]MAJOR.MINOR[.PATCH][suffix]`: what `DescribeCluster.version` ("1.30"), `nodeInfo.kubeletVersion`
 * ("v1.29.3-eks-ae9a62a"), kube-proxy image tags and add-on versions ("v1.29.0-minimal-eksbuild.1") and other
 * distributions ("v1.29.3+k3s1") look like. Numbers follow semver (no leading zeros), so "1.030" is refused rather
 * than guessed at. The suffix starts with "-" (pre-release) or "+" (build) and uses semver's characters.
 */
const VERSION_PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?([-+][0-9A-Za-z][0-9A-Za-z.+-]*)?$/;

const EXPECTED = 'expected [v]MAJOR.MINOR[.PATCH] with an optional "-…" or "+…" suffix, e.g. "1.30" or "v1.29.3-eks-ae9a62a"';

type KubeVersionParse = { ok: true; version: KubeVersion } | { ok: false; error: InvalidKubeVersionError };

/**
 * Parses without throwing, for data that comes from many places at once (every node of a cluster): one unreadable
 * kubelet version should become a finding about that node, not abort the whole cluster's check.
 */
function safeParseKubeVersion(text: string): KubeVersionParse {
  // Types say string, but node data arrives from JSON: say what arrived instead of crashing on `.trim()`.
  if (typeof text !== "string") return invalid(JSON.stringify(text) ?? String(text), `expected a string, got ${text === null ? "null" : typeof text}`);
  // Surrounding whitespace comes from files and command lines, never from the APIs; it carries no meaning.
  const trimmed = text.trim();
  if (trimmed === "") return invalid(text, "it is empty");
  const match = VERSION_PATTERN.exec(trimmed);
  if (!match) return invalid(text, EXPECTED);
  const [, major, minor, patch, suffix] = match;
  // Kubernetes has only ever been 1.x; the skew policy counts minors inside 1.x and says nothing across majors, so
  // accepting "2.0" would let minor arithmetic compare unrelated numbers.
  if (major !== "1") return invalid(text, `major version ${major} is not 1; the skew rules are defined for Kubernetes 1.x only`);
  const version: KubeVersion = { major: 1, minor: Number(minor), raw: text };
  if (patch !== undefined) version.patch = Number(patch);
  if (suffix !== undefined) version.suffix = suffix;
  return { ok: true, version };
}

/** Parses or throws `InvalidKubeVersionError`, for a single trusted value such as `DescribeCluster.version`. */
function parseKubeVersion(text: string): KubeVersion {
  const result = safeParseKubeVersion(text);
  if (!result.ok) throw result.error;
  return result.version;
}

function invalid(input: string, reason: string): KubeVersionParse {
  return { ok: false, error: new InvalidKubeVersionError(input, reason) };
}

export { parseKubeVersion, safeParseKubeVersion };
export type { KubeVersionParse };
