import type { Deletion } from "./deletions";

interface Phase {
  name: string;
  deletions: Deletion[];
}

/**
 * Deletion order (image-gc.md §13.15): referrers, then indexes, then single-platform images, then index children,
 * deepest last. ECR refuses to delete a manifest still listed by an index, checked against the repository as it was
 * when the request arrived (ImageReferencedByManifestList), so children must wait until every index listing them is
 * gone — in an earlier, answered request. Nested indexes (an index listed by an index) get one children phase per
 * level. Within a phase the plan's order is kept.
 *
 * Placement does not depend only on the planner's reasons: even a child the planner did not mark as one lands after
 * every top-level index (it is an "image"), so the reasons only refine the order; they never make it unsafe.
 */
function orderPhases(deletions: readonly Deletion[]): { phases: Phase[]; refused: Array<{ digest: string; reason: string }> } {
  const byDigest = new Map(deletions.map((deletion) => [deletion.digest, deletion]));
  const depths = new Map<string, number>();
  const depthOf = (deletion: Deletion, visiting: Set<string>): number => {
    const known = depths.get(deletion.digest);
    if (known !== undefined) return known;
    if (deletion.parents.length === 0 || visiting.has(deletion.digest)) return 0;
    visiting.add(deletion.digest);
    const parentDepths = deletion.parents.map((parent) => {
      const planned = byDigest.get(parent);
      return planned ? depthOf(planned, visiting) : 0;
    });
    const depth = 1 + Math.max(...parentDepths);
    depths.set(deletion.digest, depth);
    return depth;
  };

  const referrers: Deletion[] = [];
  const indexes: Deletion[] = [];
  const images: Deletion[] = [];
  const children = new Map<number, Deletion[]>();
  const refused: Array<{ digest: string; reason: string }> = [];
  for (const deletion of deletions) {
    // The planner keeps unknown media types (§13.2); refusing here too means a planner slip cannot delete one.
    if (deletion.kind === "unknown") refused.push({ digest: deletion.digest, reason: "unknown media type: never deleted" });
    else if (deletion.parents.length > 0) {
      const depth = depthOf(deletion, new Set());
      children.set(depth, [...(children.get(depth) ?? []), deletion]);
    } else if (deletion.kind === "artifact") referrers.push(deletion);
    else if (deletion.kind === "index") indexes.push(deletion);
    else images.push(deletion);
  }
  const levels = [...children.keys()].sort((a, b) => a - b);
  const phases: Phase[] = [
    { name: "referrers", deletions: referrers },
    { name: "indexes", deletions: indexes },
    { name: "images", deletions: images },
    ...levels.map((level) => ({ name: levels.length > 1 ? `index children (level ${level})` : "index children", deletions: children.get(level) ?? [] })),
  ];
  return { phases: phases.filter((phase) => phase.deletions.length > 0), refused };
}

export { orderPhases };
export type { Phase };
