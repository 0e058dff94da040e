/**
 * A container image reference, read the way container runtimes read it (the distribution/reference grammar that
 * containerd, CRI-O and Docker share), so that two spellings of one image compare equal.
 */
interface ImageRef {
  /** Registry host in lower case (host names are case-insensitive), with its port when one is written. */
  registry: string;
  /** Repository path inside the registry; Docker Hub's official images get their implicit `library/`. */
  repository: string;
  /** The tag as written, or `latest` when the reference has neither tag nor digest (what a pull would fetch). */
  tag?: string;
  /** `sha256:<hex>` (or `sha512:<hex>`) when pinned; runtimes then pull by digest and ignore any tag. */
  digest?: string;
}

/**
 * Prefixes the Docker runtime (dockershim, cri-dockerd) puts on `status.containerStatuses[].imageID`; containerd and
 * CRI-O report the bare `repository@digest` (image-gc.md §9.3).
 */
const RUNTIME_PREFIXES = ["docker-pullable://", "docker://"];

/** One path component: lower-case alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A host name (components of alphanumerics and inner hyphens) or a bracketed IPv6 address, then an optional port. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[0-9]+)?$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** Only the algorithms registries serve, with their exact lengths; a runtime refuses anything else. */
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/**
 * A bare image id (`sha256:<hex>`, or only the hex): what the Docker runtime reports for images it cannot name a
 * repository for. The grammar would read `sha256:<hex>` as Docker Hub's `library/sha256` with a tag, which is wrong.
 */
const BARE_IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
/** distribution/reference's limit on the whole name (host and path). */
const NAME_MAX_LENGTH = 255;

const DOCKER_HUB = "docker.io";
const LEGACY_DOCKER_HUB_HOSTS = new Set(["index.docker.io", "registry-1.docker.io"]);

function stripRuntimePrefix(reference: string): string {
  const prefix = RUNTIME_PREFIXES.find((candidate) => reference.startsWith(candidate));
  return prefix ? reference.slice(prefix.length) : reference;
}

/** The first path component names a registry only when it looks like a host: a dot, a port, `localhost`, or upper case. */
function looksLikeHost(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost" || component !== component.toLowerCase();
}

function splitRegistry(name: string): { registry: string; repository: string } {
  const slash = name.indexOf("/");
  const first = slash < 0 ? "" : name.slice(0, slash);
  if (slash < 0 || !looksLikeHost(first)) {
    return { registry: DOCKER_HUB, repository: name.includes("/") ? name : `library/${name}` };
  }
  const registry = LEGACY_DOCKER_HUB_HOSTS.has(first.toLowerCase()) ? DOCKER_HUB : first.toLowerCase();
  const repository = name.slice(slash + 1);
  return { registry, repository: registry === DOCKER_HUB && !repository.includes("/") ? `library/${repository}` : repository };
}

/**
 * Parses an image reference as written in a pod spec (`repo`, `repo:tag`, `repo@sha256:…`, `repo:tag@sha256:…`, with or
 * without a registry host and port) or reported in a container status (`docker-pullable://repo@sha256:…`). Returns
 * undefined for anything a runtime could not pull: empty or padded strings, bad characters, malformed tags or digests,
 * bare image ids.
 */
function parseImageReference(reference: string): ImageRef | undefined {
  if (typeof reference !== "string") return undefined;
  const text = stripRuntimePrefix(reference);
  if (text === "" || /\s/.test(text) || BARE_IMAGE_ID.test(text)) return undefined;

  const at = text.indexOf("@");
  const digest = at < 0 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  let name = at < 0 ? text : text.slice(0, at);

  // The tag is whatever follows the last colon after the last slash; an earlier colon is a registry port.
  const colon = name.lastIndexOf(":");
  const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
  if (tag !== undefined) {
    if (!TAG.test(tag)) return undefined;
    name = name.slice(0, colon);
  }
  if (name === "" || name.length > NAME_MAX_LENGTH) return undefined;

  const { registry, repository } = splitRegistry(name);
  if (!HOST.test(registry) || !repository.split("/").every((component) => PATH_COMPONENT.test(component))) return undefined;
  return { registry, repository, ...(tag !== undefined || digest === undefined ? { tag: tag ?? "latest" } : {}), ...(digest ? { digest } : {}) };
}

/** The canonical spelling: `registry/repository[:tag][@digest]`. */
function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

export { formatImageRef, parseImageReference };
export type { ImageRef };
