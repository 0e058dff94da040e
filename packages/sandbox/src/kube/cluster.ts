import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { SandboxClock } from "../clock";
import { SeededRandom } from "../random";
import type { ClusterIdentitySource, StaticToken } from "./authn";
import { Controllers, type ControllerTiming } from "./controllers";
import { KubeFaults, type RequestLogEntry } from "./faults";
import type { ImageResolver } from "./images";
import { InvariantCounters } from "./invariants";
import { Registry } from "./registry";
import { findResource, type ResourceType } from "./resources";
import { ClusterSeeder } from "./seed";
import { createRequestHandler } from "./server";
import { type ClusterSpec, gitVersionOf } from "./spec";
import { ObjectStore, type KubeObject } from "./store";
import { createServerTls } from "./tls";

interface StartClusterOptions {
  /** Shared sandbox clock; a new one with `scale` is created when omitted. */
  clock?: SandboxClock;
  /** Time scale of a clock created here (simulated ms per real ms). Default 1. */
  scale?: number;
  /** Seed for UIDs, name suffixes and random faults. */
  seed?: number;
  timing?: Partial<ControllerTiming>;
  /** EKS side: credentials and access entries for token authentication (the AWS fake provides it). */
  identities?: ClusterIdentitySource;
  resolveImage?: ImageResolver;
}

/** A running simulated API server and everything tests need to drive and inspect it. */
interface SandboxCluster {
  name: string;
  /** The API server's gitVersion, e.g. `v1.31.4-eks-2d5f260`. */
  gitVersion: string;
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** PEM of the cluster CA, and its base64 as DescribeCluster returns it. */
  caPem: string;
  caData: string;
  /** A static token of a `system:masters` user (what `caretaker sandbox` puts in its kubeconfig). */
  adminToken: string;
  clock: SandboxClock;
  registry: Registry;
  counters: InvariantCounters;
  faults: KubeFaults;
  requests: RequestLogEntry[];
  /** Typed shortcuts to stored objects (copies). */
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** A kubeconfig (JSON) with one context for this cluster, authenticated with the admin token unless given one. */
  kubeconfig(user?: { name: string; token?: string; exec?: Record<string, unknown> }): Record<string, unknown>;
  stop(): Promise<void>;
}

const DEFAULT_TIMING: ControllerTiming = { recreateDelayMs: 1_000, readyDelayMs: 5_000 };

function typeOf(apiVersion: string, kind: string): ResourceType {
  const [group, version] = apiVersion.includes("/") ? (apiVersion.split("/") as [string, string]) : ["", apiVersion];
  const type = findResource(group, version, `${kind.toLowerCase()}s`) ?? findResource(group, version, `${kind.toLowerCase()}es`);
  if (!type) throw new Error(`the sandbox does not model ${apiVersion} ${kind}`);
  return type;
}

/**
 * Starts a Kubernetes API server simulator on 127.0.0.1 (ephemeral port) over HTTPS with a CA generated for it, seeded
 * from `spec`. Clients (client-node, kubectl) talk to it unchanged; `stop()` closes it and cancels its timers.
 */
async function startCluster(spec: ClusterSpec, options: StartClusterOptions = {}): Promise<SandboxCluster> {
  const clock = options.clock ?? new SandboxClock({ scale: options.scale ?? 1 });
  const ownsClock = !options.clock;
  const random = new SeededRandom(options.seed ?? 7);
  const store = new ObjectStore(clock, random);
  const counters = new InvariantCounters();
  const registry = new Registry(store, clock, counters);
  const faults = new KubeFaults((options.seed ?? 7) + 1);
  const requests: RequestLogEntry[] = [];
  const resolveImage = options.resolveImage ?? (() => undefined);
  new ClusterSeeder(registry, random, spec, resolveImage).seed();
  const controllers = new Controllers(registry, clock, random, { ...DEFAULT_TIMING, ...options.timing }, resolveImage);
  controllers.start();

  const adminToken = `sandbox-admin-${randomBytes(16).toString("hex")}`;
  const staticTokens: Record<string, StaticToken> = { [adminToken]: { username: "kubernetes-admin", groups: ["system:masters"] }, ...spec.staticTokens };
  const tls = await createServerTls(spec.name, clock.now());
  let url = "";
  const handler = createRequestHandler({
    clusterName: spec.name,
    version: { major: "1", minor: (spec.version ?? "1.31").split(".")[1] ?? "31", gitVersion: gitVersionOf(spec) },
    registry,
    faults,
    requests,
    staticTokens,
    ...(options.identities ? { identities: options.identities } : {}),
    address: () => url.replace(/^https:\/\//, ""),
  });
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (request, response) => void handler(request, response));
  const sockets = new Set<Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    name: spec.name,
    gitVersion: gitVersionOf(spec),
    url,
    caPem: tls.caPem,
    caData: Buffer.from(tls.caPem).toString("base64"),
    adminToken,
    clock,
    registry,
    counters,
    faults,
    requests,
    get: (apiVersion, kind, namespace, name) => store.peek(typeOf(apiVersion, kind), namespace, name) && store.get(typeOf(apiVersion, kind), namespace, name),
    list: (apiVersion, kind, namespace) => store.list(typeOf(apiVersion, kind), namespace),
    kubeconfig(user = { name: "sandbox-admin", token: adminToken }) {
      const { name: userName, ...credentials } = user;
      return {
        apiVersion: "v1",
        kind: "Config",
        "current-context": spec.name,
        clusters: [{ name: spec.name, cluster: { server: url, "certificate-authority-data": Buffer.from(tls.caPem).toString("base64") } }],
        users: [{ name: userName, user: credentials }],
        contexts: [{ name: spec.name, context: { cluster: spec.name, user: userName } }],
      };
    },
    async stop() {
      controllers.stop();
      if (ownsClock) clock.dispose();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { startCluster };
export type { SandboxCluster, StartClusterOptions };
