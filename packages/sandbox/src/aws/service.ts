import type { SandboxClock } from "../clock";
import type { SeededRandom } from "../random";

/**
 * The contract every stateful AWS fake implements, so that one wiring step (aws-sdk-client-mock on each SDK client
 * class) can route commands to it, apply injected faults and record the call.
 *
 * A handler receives the command's input exactly as the SDK client was given it and returns the output shape of the
 * real API (without `$metadata`, which the wiring adds). It signals API errors by throwing the SDK's own exception
 * classes (e.g. `new ResourceNotFoundException({ message, $metadata: {} })` from the service's client package) or,
 * where the SDK has no modelled class (Auto Scaling's `ValidationError`, `Throttling`), the client package's base
 * class (`new AutoScalingServiceException({ name: "ValidationError", $fault: "client", message, $metadata: {} })`)
 * with the real `name` and `$fault` — so Caretaker's code sees what it would see in AWS.
 */
// biome-ignore lint/suspicious/noExplicitAny: command inputs/outputs are typed per handler
type CommandHandler = (input: any) => unknown | Promise<unknown>;

/** An SDK command class, e.g. `DescribeClusterCommand`. */
// biome-ignore lint/suspicious/noExplicitAny: any command class of any client
type CommandClass = abstract new (...args: any[]) => { readonly input: unknown };

/** An SDK client class, e.g. `EKSClient`. */
// biome-ignore lint/suspicious/noExplicitAny: any client class
type ClientClass = abstract new (...args: any[]) => { send: (...args: any[]) => any };

interface FakeService {
  /** Service id as used by faults and the call log: "eks", "autoscaling", "ec2", "ecr", "ssm", "sns", "dynamodb", "sqs", "cloudwatch". */
  readonly serviceName: string;
  /** The SDK client class whose instances (all of them) are routed to this fake. */
  readonly clientClass: ClientClass;
  /** Operation name (e.g. "DescribeCluster") → command class + handler. */
  readonly operations: ReadonlyArray<{ name: string; command: CommandClass; handle: CommandHandler }>;
}

/** What each fake gets from the account: the shared clock and the account's identity. */
interface FakeServiceContext {
  clock: SandboxClock;
  accountId: string;
  region: string;
  partition: string;
  /**
   * Seeded randomness for generated ids (instance ids, tokens, request ids), one stream per service so that one
   * service's traffic does not shift another's ids. Optional so hand-built contexts stay valid; fakes fall back to a
   * fixed seed.
   */
  random?: SeededRandom;
}

export type { ClientClass, CommandClass, CommandHandler, FakeService, FakeServiceContext };
