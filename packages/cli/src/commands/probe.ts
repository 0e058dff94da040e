import { EKSClient } from "@aws-sdk/client-eks";
import { createClusterConnector, fromKubeconfig } from "@caretaker/core/eks";
import { probeClusters, type ProbeResult } from "@caretaker/core/probe";
import { Command } from "commander";
import { type CliIo, ExitCode } from "../io";
import { renderTable } from "../table";

interface ProbeOptions {
  cluster?: string[];
  kubeconfig?: string;
  context?: string;
  json?: boolean;
}

function renderResults(results: ProbeResult[]): string {
  return renderTable(
    ["cluster", "reachable", "version", "identity", "groups", "time"],
    results.map((result) => [
      result.cluster,
      result.ok ? "yes" : `no (${result.error?.reason})`,
      result.version ?? "-",
      result.identity?.username ?? "-",
      result.identity?.groups.join(",") || "-",
      `${result.elapsedMs}ms`,
    ]),
  );
}

/**
 * `caretaker probe`: can this machine's credentials reach the cluster, and who does the cluster think we are?
 * `--cluster NAME` goes through EKS (DescribeCluster + token from the AWS default chain); otherwise the kubeconfig
 * is used like kubectl does.
 */
function probeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("probe")
    .description("check that clusters are reachable and show the identity they map Caretaker's credentials to")
    .option("--cluster <name...>", "EKS cluster name(s), reached through DescribeCluster and an IAM token")
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: the current context)")
    .option("--json", "print the results as JSON")
    .action(async (options: ProbeOptions) => {
      if (options.cluster && (options.kubeconfig || options.context)) {
        io.err("caretaker probe: --cluster connects through EKS; it cannot be combined with --kubeconfig or --context.");
        setExitCode(ExitCode.Usage);
        return;
      }
      let results: ProbeResult[];
      if (options.cluster) {
        const connector = createClusterConnector({ eks: new EKSClient({}) });
        results = await probeClusters((name) => connector.connect(name), options.cluster);
      } else {
        const connection = fromKubeconfig({
          ...(options.kubeconfig ? { file: options.kubeconfig } : {}),
          ...(options.context ? { context: options.context } : {}),
          env: io.env,
        });
        results = await probeClusters(async () => connection, [connection.cluster]);
      }
      io.out(options.json ? JSON.stringify(results, null, 2) : renderResults(results));
      for (const failed of results.filter((result) => !result.ok)) if (!options.json) io.err(`\n${failed.cluster}: ${failed.error?.message}`);
      setExitCode(results.every((result) => result.ok) ? ExitCode.Ok : ExitCode.Problems);
    });
}

export { probeCommand };
