import { Command } from "commander";
import { type CliIo, ExitCode } from "../io";

/** What the walkthrough covers; each capability issue turns its line into a live step on the sandbox. */
const DEMO_STEPS = [
  "Boot a sandbox AWS account: two EKS clusters of different versions, node groups and Auto Scaling groups with terminate lifecycle hooks, workloads guarded by PodDisruptionBudgets, and an ECR registry with multi-arch images.",
  "Drain: an Auto Scaling group terminates an instance; Caretaker cordons the node, evicts its pods one PDB-allowed disruption at a time, heartbeats the lifecycle hook, completes it, and notifies.",
  "Image GC: a plan table of which images would be deleted and why every other image is kept (in use by a cluster, protected tag, keep-N, index child, referrer), then an applied run and its notification.",
  "Drift: a report per cluster of control plane vs kubelet skew, node group AMI drift, add-on compatibility and the support window.",
];

function demoCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("demo").description("walk through Caretaker on an embedded sandbox account (no AWS needed)").action(() => {
    io.out(
      [
        "Caretaker demo",
        "",
        "The embedded sandbox (a Kubernetes API simulator and in-memory AWS fakes) is not built yet, so this demo only",
        "lists what it will show. Nothing here talks to AWS or to a real cluster.",
        "",
        ...DEMO_STEPS.map((step, index) => `${index + 1}. ${step}`),
        "",
        "Today you can already run `npm test` (token, connection, notifier and handler tests) and",
        "`npm exec caretaker -- probe --kubeconfig FILE` against any cluster you can reach.",
      ].join("\n"),
    );
    setExitCode(ExitCode.Ok);
  });
}

export { demoCommand, DEMO_STEPS };
