import type {
  DeleteLifecycleHookType,
  DescribeLifecycleHooksAnswer,
  DescribeLifecycleHooksType,
  PutLifecycleHookType,
} from "@aws-sdk/client-auto-scaling";
import { groupNotFound, tooManyHooks, validationError } from "./errors";
import type { GroupRecord } from "./group";
import { applyPutLifecycleHook, hookShape } from "./hooks";

/** PutLifecycleHook (create or update, at most 50 per group), DescribeLifecycleHooks, DeleteLifecycleHook. */
const MAX_HOOKS_PER_GROUP = 50;

type Groups = ReadonlyMap<string, GroupRecord>;

function requireGroup(groups: Groups, name: string | undefined): GroupRecord {
  const group = groups.get(name ?? "");
  if (!group) throw groupNotFound(name ?? "");
  return group;
}

function putLifecycleHook(groups: Groups, input: PutLifecycleHookType): Record<string, never> {
  const group = requireGroup(groups, input.AutoScalingGroupName);
  const existing = group.hooks.get(input.LifecycleHookName ?? "");
  if (!existing && group.hooks.size >= MAX_HOOKS_PER_GROUP) throw tooManyHooks();
  const hook = applyPutLifecycleHook(existing, input);
  group.hooks.set(hook.name, hook);
  return {};
}

function describeLifecycleHooks(groups: Groups, input: DescribeLifecycleHooksType): DescribeLifecycleHooksAnswer {
  const group = requireGroup(groups, input.AutoScalingGroupName);
  const names = input.LifecycleHookNames;
  const wanted = names && names.length > 0 ? new Set(names) : undefined;
  return { LifecycleHooks: [...group.hooks.values()].filter((h) => wanted === undefined || wanted.has(h.name)).map(hookShape) };
}

function deleteLifecycleHook(groups: Groups, input: DeleteLifecycleHookType): Record<string, never> {
  const group = requireGroup(groups, input.AutoScalingGroupName);
  const name = input.LifecycleHookName ?? "";
  if (!group.hooks.delete(name)) throw validationError(`No Lifecycle Hook found with name ${name} for group ${group.name}`);
  return {};
}

export { deleteLifecycleHook, describeLifecycleHooks, putLifecycleHook };
