import { drainerRbac, type RbacObject } from "@caretaker/core/access";
import { driftReaderRbac } from "@caretaker/core/drift/run";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";

/**
 * The Kubernetes RBAC Caretaker ships, what `caretaker rbac` prints and `caretaker bootstrap` applies: the drainer's
 * role for `caretaker:drainer` (`pods delete` only with force-deletes), and the image scanner's and drift reader's
 * read-only roles for `caretaker:reader`.
 */
function shippedRbac(options: { forceDelete: boolean; only?: "drainer" | "reader" }): RbacObject[] {
  return [
    ...(options.only !== "reader" ? drainerRbac({ forceDelete: options.forceDelete }) : []),
    ...(options.only !== "drainer" ? [...imageScannerRbac(), ...driftReaderRbac()] : []),
  ];
}

export { shippedRbac };
