import { drainerRbac } from "@caretaker/core/access";
import { dumpYaml } from "@kubernetes/client-node";
import { Command } from "commander";
import { type CliIo, ExitCode } from "../io";

/**
 * `caretaker rbac`: the Kubernetes RBAC Caretaker ships, as YAML for `kubectl apply -f -` (until `caretaker bootstrap`
 * applies it for you). Exactly the rules the sandbox tests run the drain with.
 */
function rbacCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("rbac")
    .description("print the drainer ClusterRole and binding as YAML (pipe to `kubectl apply -f -`)")
    .option("--force-delete", "include `pods delete`, needed only for the force-delete deadline policy or --disable-eviction")
    .action((options: { forceDelete?: boolean }) => {
      io.out(drainerRbac({ forceDelete: Boolean(options.forceDelete) }).map((object) => dumpYaml(object)).join("---\n"));
      setExitCode(ExitCode.Ok);
    });
}

export { rbacCommand };
