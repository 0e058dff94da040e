import { type DrainOptions, type DrainOptionsInput, DrainOptionsSchema } from "@caretaker/core/drain";
import { type Command, Option } from "commander";
import { parseDuration, parseInteger } from "./kubectl-flags";

/** What commander hands the drain action (undefined = not given: the drain's NTH defaults apply). */
interface DrainFlags {
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  force?: boolean;
  gracePeriod?: number;
  timeout?: number;
  podSelector?: string;
  disableEviction?: boolean;
  skipWaitForDeleteTimeout?: number;
  chunkSize?: number;
  dryRun?: boolean;
  onDeadline?: "stop" | "force-delete";
  taint: boolean;
  excludeFromLoadBalancers: boolean;
  json?: boolean;
}

/** Each drain option's flag, so that validation errors name what the user typed. */
const FLAG_OF: Partial<Record<keyof DrainOptions, string>> = {
  ignoreDaemonSets: "--ignore-daemonsets",
  deleteEmptyDirData: "--delete-emptydir-data",
  force: "--force",
  gracePeriodSeconds: "--grace-period",
  timeoutSeconds: "--timeout",
  podSelector: "--pod-selector",
  disableEviction: "--disable-eviction",
  skipWaitForDeleteTimeoutSeconds: "--skip-wait-for-delete-timeout",
  chunkSize: "--chunk-size",
  dryRun: "--dry-run",
  onDeadline: "--on-deadline",
  taint: "--no-taint",
  excludeFromLoadBalancers: "--no-exclude-from-load-balancers",
};

/** kubectl drain's flags (same names and meanings), with aws-node-termination-handler's defaults, plus Caretaker's. */
function addDrainFlags(command: Command): Command {
  return command
    .option("--ignore-daemonsets", "ignore DaemonSet-managed pods (default)")
    .option("--no-ignore-daemonsets", "refuse to drain while DaemonSet-managed pods are on the node (kubectl's default)")
    .option("--delete-emptydir-data", "continue even if pods use emptyDir (local data deleted with the pod) (default)")
    .option("--no-delete-emptydir-data", "refuse to drain while pods use emptyDir (kubectl's default)")
    .option("--force", "also delete pods that declare no controller (default)")
    .option("--no-force", "refuse to drain while pods declare no controller (kubectl's default)")
    .option("--grace-period <seconds>", "seconds each pod gets to terminate; -1 uses the pod's own terminationGracePeriodSeconds (0 is refused) (default: -1)", parseInteger)
    .option("--timeout <duration>", "how long to wait before giving up, e.g. 90s, 5m, 1h; 0 = forever (default: 0)", parseDuration)
    .option("--pod-selector <selector>", "label selector: only pods matching it are drained")
    .option("--disable-eviction", "DELETE pods instead of evicting them: bypasses PodDisruptionBudgets, use with caution")
    .option("--skip-wait-for-delete-timeout <seconds>", "do not wait for pods whose deletionTimestamp is older than this; 0 = always wait (default: 0)", parseInteger)
    .option("--chunk-size <n>", "page size when listing pods (default: 500)", parseInteger)
    .option("--dry-run", "only show what would be evicted; change nothing (kubectl's --dry-run=client)")
    .addOption(new Option("--on-deadline <policy>", "at the --timeout deadline: stop and report what is left, or force-delete it (grace period ≥ 1s, PDBs bypassed)").choices(["stop", "force-delete"]))
    .option("--no-taint", `do not add Caretaker's NoSchedule taint (caretaker.dev/draining) before evicting`)
    .option("--no-exclude-from-load-balancers", "do not label the node node.kubernetes.io/exclude-from-external-load-balancers before evicting")
    .option("--json", "print the drain result as JSON on stdout (progress still goes to stderr)");
}

/** The drain options the flags ask for, or every problem with them, each naming its flag. */
function drainOptionsFromFlags(flags: DrainFlags): { options: DrainOptions } | { problems: string[] } {
  const given = <K extends keyof DrainOptionsInput>(key: K, value: DrainOptionsInput[K] | undefined) => (value === undefined ? {} : { [key]: value });
  const input: DrainOptionsInput = {
    ...given("ignoreDaemonSets", flags.ignoreDaemonsets),
    ...given("deleteEmptyDirData", flags.deleteEmptydirData),
    ...given("force", flags.force),
    ...given("gracePeriodSeconds", flags.gracePeriod),
    ...given("timeoutSeconds", flags.timeout),
    ...given("podSelector", flags.podSelector),
    ...given("disableEviction", flags.disableEviction),
    ...given("skipWaitForDeleteTimeoutSeconds", flags.skipWaitForDeleteTimeout),
    ...given("chunkSize", flags.chunkSize),
    ...given("dryRun", flags.dryRun),
    ...given("onDeadline", flags.onDeadline),
    taint: flags.taint,
    excludeFromLoadBalancers: flags.excludeFromLoadBalancers,
  };
  const parsed = DrainOptionsSchema.safeParse(input);
  if (parsed.success) return { options: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof DrainOptions;
      const flag = FLAG_OF[key] ?? String(key);
      const value = (input as Record<string, unknown>)[key];
      return `invalid ${flag}${value === undefined ? "" : ` ${JSON.stringify(value)}`}: ${issue.message}`;
    }),
  };
}

export { addDrainFlags, drainOptionsFromFlags };
export type { DrainFlags };
