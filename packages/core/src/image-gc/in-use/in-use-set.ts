import { type EcrRepository, ecrRepositoryOf, repositoryKey } from "../references";
import type { InUseScan } from "./scan";

/** An ECR image as DescribeImages reports it now: its digest and the tags that point to it at this moment. */
interface EcrImage {
  digest: string;
  tags: readonly string[];
}

/** Who refers to one repository: by digest, and by tag (resolved against the registry's tags at decision time). */
interface RepositoryUses {
  digests: Map<string, Set<string>>;
  tags: Map<string, Set<string>>;
}

function add(index: Map<string, Set<string>>, key: string, reason: string): void {
  const reasons = index.get(key) ?? new Set<string>();
  reasons.add(reason);
  index.set(key, reasons);
}

/**
 * The images the scanned clusters use, merged, answering per ECR image whether anything protects it and why.
 *
 * Identity is the digest (image-gc.md §9.3, §13 item 8):
 * - a reference with a digest (`repo@sha256:…`, `repo:tag@sha256:…`, every runtime imageID) protects that digest,
 *   even when no tag points to it any more; its tag is ignored, as runtimes ignore it;
 * - a tag reference protects the image the tag points to *now*. `protects` takes the image's current tags from the
 *   caller's DescribeImages, so a tag that moved protects its new digest only; the old digest stays protected by the
 *   imageIDs of pods still running it.
 * Multi-arch closure (an index protects its children, referrers follow subjects) is the caller's: ask about the
 * index, then carry the answer to its children.
 */
class InUseSet {
  readonly #repositories = new Map<string, RepositoryUses>();
  readonly #incomplete = new Map<string, string[]>();

  private constructor(scans: readonly InUseScan[]) {
    for (const scan of scans) {
      if (!scan.complete) this.#incomplete.set(scan.cluster, [...(this.#incomplete.get(scan.cluster) ?? []), ...scan.failures]);
      // An incomplete scan's uses still count: they are real, only not all of them.
      for (const use of scan.uses) {
        const ecr = ecrRepositoryOf(use.ref);
        if (!ecr) continue;
        const key = repositoryKey({ registryId: ecr.registryId, region: ecr.region, name: ecr.repository });
        const uses = this.#repositories.get(key) ?? { digests: new Map(), tags: new Map() };
        this.#repositories.set(key, uses);
        const reason = `in-use:${use.source}`;
        if (ecr.digest) add(uses.digests, ecr.digest, reason);
        else if (ecr.tag) add(uses.tags, ecr.tag, reason);
      }
    }
  }

  /** Merges the scans of every cluster that may pull from the registries being collected. */
  static fromScans(scans: readonly InUseScan[]): InUseSet {
    return new InUseSet(scans);
  }

  /** Why this image must be kept (`in-use:<cluster>/<namespace>/<Kind>/<name>`, sorted); empty when nothing scanned uses it. */
  protects(repository: EcrRepository, image: EcrImage): string[] {
    const uses = this.#repositories.get(repositoryKey(repository));
    if (!uses) return [];
    const reasons = new Set(uses.digests.get(image.digest));
    for (const tag of image.tags) for (const reason of uses.tags.get(tag) ?? []) reasons.add(reason);
    return [...reasons].sort();
  }

  /**
   * Clusters whose scan was incomplete, so that nothing they could use in this repository may be deleted. Today that
   * is every incomplete cluster whatever the repository: a cluster that could not be listed may pull from any
   * registry. The repository is asked for so that callers decide per repository, as the answer may narrow (e.g. with
   * a configured cluster → registries scope).
   */
  unknownFor(_repository: EcrRepository): string[] {
    return [...this.#incomplete.keys()].sort();
  }

  /** Why each incomplete cluster is unknown, for the run's report. */
  failures(): Map<string, string[]> {
    return new Map(this.#incomplete);
  }
}

export { InUseSet };
export type { EcrImage };
