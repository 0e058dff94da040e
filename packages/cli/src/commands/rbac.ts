import { dumpYaml } from "@kubernetes/client-node";
import { Command, Option } from "commander";
import { type CliIo, ExitCode } from "../io";
import { shippedRbac } from "../shipped-rbac";

/**
 * `caretaker rbac`: the Kubernetes RBAC Caretaker ships, as YAML for `kubectl apply -f -` (`caretaker bootstrap` applies
 * and verifies it for you): the drainer's role for `caretaker:drainer`, and the image scanner's and drift reader's
 * read-only roles for `caretaker:reader`. Exactly the rules the sandbox tests run each capability with.
 */
function rbacCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("rbac")
    .description("print Caretaker's ClusterRoles and bindings as YAML (pipe to `kubectl apply -f -`)")
    .addOption(new Option("--only <group>", "only the drainer's or only the reader's objects").choices(["drainer", "reader"]))
    .option("--force-delete", "include `pods delete` for the drainer, needed only for the force-delete deadline policy or --disable-eviction")
    .action((options: { forceDelete?: boolean; only?: "drainer" | "reader" }) => {
      const objects = shippedRbac({ forceDelete: Boolean(options.forceDelete), ...(options.only ? { only: options.only } : {}) });
      io.out(objects.map((object) => dumpYaml(object)).join("---\n"));
      setExitCode(ExitCode.Ok);
    });
}

export { rbacCommand };
