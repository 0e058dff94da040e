import type {
  AutoScalingGroupNamesType,
  AutoScalingGroupsType,
  AutoScalingInstancesType,
  DescribeAutoScalingInstancesType,
} from "@aws-sdk/client-auto-scaling";
import { paginate } from "../core/pagination";
import { constraintMessage, rangeViolation } from "../core/validation";
import { invalidNextToken, validationError } from "./errors";
import { type GroupRecord, groupFilter, groupShape, instanceDetailsShape } from "./group";

/** DescribeAutoScalingGroups (names, tag filters, 1..100 per page) and DescribeAutoScalingInstances (1..50). */
type Groups = ReadonlyMap<string, GroupRecord>;

function checkRange(value: number | undefined, member: string, min: number, max: number): void {
  if (value === undefined) return;
  const violation = rangeViolation(value, min, max);
  if (violation) throw validationError(constraintMessage(value, member, violation));
}

function describeGroups(groups: Groups, input: AutoScalingGroupNamesType): AutoScalingGroupsType {
  checkRange(input.MaxRecords, "maxRecords", 1, 100);
  const filter = groupFilter(input.Filters);
  if (typeof filter !== "function") throw validationError(`The filter name ${filter.unsupported} is not valid.`);
  const names = input.AutoScalingGroupNames;
  const wanted = names && names.length > 0 ? new Set(names) : undefined;
  const matching = [...groups.values()]
    .filter((g) => (wanted === undefined || wanted.has(g.name)) && filter(g))
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(matching, (g) => g.name, {
    size: input.MaxRecords ?? 50,
    nextToken: input.NextToken,
    scope: `DescribeAutoScalingGroups:${JSON.stringify([names ?? [], input.Filters ?? []])}`,
  });
  if (!page.ok) throw invalidNextToken();
  return {
    AutoScalingGroups: page.items.map((g) => groupShape(g, input.IncludeInstances !== false)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

function describeInstances(groups: Groups, input: DescribeAutoScalingInstancesType): AutoScalingInstancesType {
  checkRange(input.MaxRecords, "maxRecords", 1, 50);
  const ids = input.InstanceIds;
  if (ids && ids.length > 50) {
    throw validationError(constraintMessage(`[${ids.join(", ")}]`, "instanceIds", "Member must have length less than or equal to 50"));
  }
  const wanted = ids && ids.length > 0 ? new Set(ids) : undefined;
  const rows = [...groups.values()].flatMap((group) =>
    [...group.instances.values()].filter((i) => wanted === undefined || wanted.has(i.id)).map((instance) => ({ group, instance })),
  );
  const page = paginate(rows, (row) => row.instance.id, {
    size: input.MaxRecords ?? 50,
    nextToken: input.NextToken,
    scope: `DescribeAutoScalingInstances:${JSON.stringify(ids ?? [])}`,
  });
  if (!page.ok) throw invalidNextToken();
  return {
    AutoScalingInstances: page.items.map((row) => instanceDetailsShape(row.group, row.instance)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

export { describeGroups, describeInstances };
