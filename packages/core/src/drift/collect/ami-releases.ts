import { GetParametersCommand } from "@aws-sdk/client-ssm";
import { type CollectContext, describeError } from "./context";
import { amiReleaseParameter } from "./ami-parameters";
import type { NodegroupFacts } from "./facts";

/** GetParameters takes 1–10 names (drift.md §9.4). */
const NAMES_PER_REQUEST = 10;

/** A parameter's value, or undefined when SSM lists it among InvalidParameters (not published in this Region). */
type ParameterValue = string | undefined;

interface Waiting {
  name: string;
  resolve(value: ParameterValue): void;
  reject(error: unknown): void;
}

/**
 * Reads public parameters, 10 per GetParameters request, each name once per run (through the shared lookups): every
 * cluster of a Region on the same version and AMI type asks for the same parameter. Names nobody asked for yet are
 * queued while the lookups are consulted (a promise's executor runs at once), then fetched together.
 */
function readParameters(ctx: CollectContext, names: readonly string[]): Map<string, Promise<ParameterValue>> {
  const queued: Waiting[] = [];
  const values = new Map(
    [...new Set(names)].map((name) => [name, ctx.lookups.get(`ssm:${name}`, () => new Promise<ParameterValue>((resolve, reject) => queued.push({ name, resolve, reject })))] as const),
  );
  for (let start = 0; start < queued.length; start += NAMES_PER_REQUEST) {
    const chunk = queued.slice(start, start + NAMES_PER_REQUEST);
    ctx
      .aws("ssm:GetParameters", () => ctx.deps.ssm.send(new GetParametersCommand({ Names: chunk.map((waiting) => waiting.name) })))
      .then(
        (answer) => {
          const found = new Map((answer.Parameters ?? []).map((parameter) => [parameter.Name ?? "", parameter.Value ?? ""]));
          for (const waiting of chunk) waiting.resolve(found.get(waiting.name));
        },
        (error: unknown) => {
          for (const waiting of chunk) waiting.reject(error);
        },
      );
  }
  return values;
}

/** Windows parameters hold a JSON document; the release is its `release_version`. */
function releaseFrom(value: string, json: boolean): string | undefined {
  if (!json) return value || undefined;
  try {
    const release = (JSON.parse(value) as { release_version?: unknown }).release_version;
    return typeof release === "string" && release ? release : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds the recommended AMI release (SSM `…/recommended/release_version`, drift.md §11) to each managed node group
 * whose AMI type has one, for the group's own Kubernetes version. CUSTOM groups have none (their releaseVersion is an
 * AMI id). A parameter that is missing or unreadable is a problem, never a silent "up to date".
 */
async function addRecommendedReleases(ctx: CollectContext, nodegroups: readonly NodegroupFacts[]): Promise<NodegroupFacts[]> {
  const wanted = nodegroups.map((group) => (group.amiType && group.version ? amiReleaseParameter(group.amiType, group.version) : undefined));
  const values = readParameters(
    ctx,
    wanted.flatMap((parameter) => (parameter ? [parameter.name] : [])),
  );
  const failed = new Set<string>();
  return Promise.all(
    nodegroups.map(async (group, index) => {
      const parameter = wanted[index];
      if (!parameter) return group;
      let value: ParameterValue;
      try {
        value = await values.get(parameter.name);
      } catch (error) {
        // One failed request covers up to ten groups: say it once.
        if (!failed.has(parameter.name)) ctx.problem("ami-releases", `The recommended AMI release for managed node group ${group.name} could not be read (${parameter.name}): ${describeError(error)}`);
        failed.add(parameter.name);
        return group;
      }
      const release = value === undefined ? undefined : releaseFrom(value, parameter.json);
      if (!release) {
        ctx.problem(
          "ami-releases",
          value === undefined
            ? `No recommended AMI release is published for managed node group ${group.name} (${group.amiType}, Kubernetes ${group.version}): SSM has no parameter ${parameter.name}.`
            : `The SSM parameter ${parameter.name} holds no readable release for managed node group ${group.name}.`,
        );
        return group;
      }
      return { ...group, recommendedRelease: { parameter: parameter.name, releaseVersion: release } };
    }),
  );
}

export { addRecommendedReleases };
