import { KubeConfig } from "@kubernetes/client-node";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { ClusterConnection } from "./connection";

interface KubeconfigOptions {
  /** `--kubeconfig FILE`; otherwise `$KUBECONFIG` (a path list, merged as kubectl does) or `~/.kube/config`. */
  file?: string;
  /** `--context NAME`; otherwise the kubeconfig's current-context. */
  context?: string;
  /** Environment to read KUBECONFIG and HOME from (tests). */
  env?: NodeJS.ProcessEnv;
}

/** Which files kubectl would read, so that we can say exactly what was missing. */
function kubeconfigFiles({ file, env = process.env }: KubeconfigOptions): string[] {
  if (file) return [file];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter(Boolean);
  return [join(env.HOME ?? homedir(), ".kube", "config")];
}

/** kubectl's merge rule for a KUBECONFIG list: the first file to define a name (or the current context) wins. */
function mergeFirstWins(target: KubeConfig, next: KubeConfig): void {
  const has = (list: Array<{ name: string }>, name: string) => list.some((item) => item.name === name);
  for (const cluster of next.clusters) if (!has(target.clusters, cluster.name)) target.addCluster(cluster);
  for (const user of next.users) if (!has(target.users, user.name)) target.addUser(user);
  for (const context of next.contexts) if (!has(target.contexts, context.name)) target.addContext(context);
  if (!target.getCurrentContext() && next.getCurrentContext()) target.setCurrentContext(next.getCurrentContext());
}

/**
 * A connection from a kubeconfig, resolved like kubectl: `--kubeconfig`, then `$KUBECONFIG`, then `~/.kube/config`;
 * the named context or the current one. Exec credential plugins (`aws eks get-token`) work as in kubectl.
 */
function fromKubeconfig(options: KubeconfigOptions = {}): ClusterConnection {
  const files = kubeconfigFiles(options);
  const present = files.filter((path) => existsSync(path));
  if (present.length === 0) {
    throw new Error(
      `No kubeconfig found (looked for ${files.join(", ")}); pass --kubeconfig FILE, set KUBECONFIG, or use --cluster NAME to connect through EKS.`,
    );
  }
  const kubeConfig = new KubeConfig();
  // Merge every file the way kubectl does for a KUBECONFIG path list: first definition of a name wins.
  const [first, ...rest] = present;
  kubeConfig.loadFromFile(first as string);
  for (const path of rest) {
    const next = new KubeConfig();
    next.loadFromFile(path);
    mergeFirstWins(kubeConfig, next);
  }
  const contextName = options.context ?? kubeConfig.getCurrentContext();
  const known = kubeConfig.getContexts().map((context) => context.name);
  if (!contextName) {
    throw new Error(`The kubeconfig (${present.join(", ")}) has no current-context; pass --context with one of: ${known.join(", ") || "(none defined)"}.`);
  }
  if (!known.includes(contextName)) {
    throw new Error(`Context "${contextName}" is not in the kubeconfig (${present.join(", ")}); known contexts: ${known.join(", ") || "(none)"}.`);
  }
  kubeConfig.setCurrentContext(contextName);
  return new ClusterConnection({ cluster: contextName, kubeConfig, source: "kubeconfig" });
}

export { fromKubeconfig, kubeconfigFiles };
export type { KubeconfigOptions };
