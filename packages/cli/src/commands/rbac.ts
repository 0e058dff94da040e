import { drainerRbac } from "@caretaker/core/access";
import { driftReaderRbac } from "@caretaker/core/drift/run";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import { dumpYaml } from "@kubernetes/client-node";
import { Command, Option } from "commander";
import { type CliIo, ExitCode } from "../io";

/**
 * `caretaker rbac`: the Kubernetes RBAC Caretaker ships, as YAML for `kubectl apply -f -` (until `caretaker bootstrap`
 * applies it for you): the drainer's role for `caretaker:drainer`, and the image scanner's and drift reader's
 * read-only roles for `caretaker:reader`. Exactly the rules the sandbox tests run each capability with.
 */
function rbacCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("rbac")
    .description("print Caretaker's ClusterRoles and bindings as YAML (pipe to `kubectl apply -f -`)")
    .addOption(new Option("--only <group>", "only the drainer's or only the reader's objects").choices(["drainer", "reader"]))
    .option("--force-delete", "include `pods delete` for the drainer, needed only for the force-delete deadline policy or --disable-eviction")
    .action((options: { forceDelete?: boolean; only?: "drainer" | "reader" }) => {
      const objects = [
        ...(options.only !== "reader" ? drainerRbac({ forceDelete: Boolean(options.forceDelete) }) : []),
        ...(options.only !== "drainer" ? [...imageScannerRbac(), ...driftReaderRbac()] : []),
      ];
      io.out(objects.map((object) => dumpYaml(object)).join("---\n"));
      setExitCode(ExitCode.Ok);
    });
}

export { rbacCommand };
