import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { connectToCluster, createClusterConnector, fromKubeconfig } from "@caretaker/core/eks";
import { createServerTls } from "@caretaker/sandbox/kube/tls";
import { CoreV1Api } from "@kubernetes/client-node";
import { mockClient } from "aws-sdk-client-mock";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultResponse, type FakeApiServer, startFakeApiServer, TEST_CREDENTIALS, TEST_PRINCIPAL } from "../helpers/fake-api-server";

const CREDENTIALS = TEST_CREDENTIALS;
const PRINCIPAL = TEST_PRINCIPAL;

const eksMock = mockClient(EKSClient);
let api: FakeApiServer;

function describeAs(endpoint: string, caPem: string) {
  eksMock.reset();
  eksMock.on(DescribeClusterCommand, { name: "prod" }).resolves({
    cluster: { name: "prod", status: "ACTIVE", endpoint, certificateAuthority: { data: Buffer.from(caPem).toString("base64") } },
  });
  eksMock.on(DescribeClusterCommand, { name: "missing" }).rejects(Object.assign(new Error("No cluster found for name: missing."), { name: "ResourceNotFoundException" }));
}

beforeAll(async () => {
  api = await startFakeApiServer();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  describeAs(api.url, api.tls.caPem);
  api.tokensSeen.length = 0;
  api.clock.now = new Date();
  api.respond = defaultResponse;
});

function newEksClient() {
  return new EKSClient({ region: "eu-west-1", credentials: CREDENTIALS });
}

describe("connectToCluster", () => {
  it("lists nodes over TLS trusting only the cluster CA, with a presigned token the server verified", async () => {
    // Prepare
    const connection = await connectToCluster("prod", { eks: newEksClient() });
    // Act
    const nodes = await connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    expect(nodes.items.map((node) => node.metadata?.name)).toEqual(["ip-10-0-1-5.ec2.internal"]);
    expect(api.tokensSeen).toHaveLength(1);
    expect(api.tokensSeen[0]).toMatch(/^k8s-aws-v1\./);
  });

  it("describes each cluster once and reuses one token until it nears the end of its 14-minute life", async () => {
    // Prepare
    const clock = { now: new Date("2026-11-21T10:00:00Z") };
    api.clock = clock;
    const eks = newEksClient();
    const connector = createClusterConnector({ eks, now: () => clock.now });
    const list = async () => {
      const connection = await connector.connect("prod");
      return connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    };
    // Act
    await list();
    clock.now = new Date("2026-11-21T10:12:00Z");
    await list();
    clock.now = new Date("2026-11-21T10:13:30Z");
    await list();
    // Assess
    expect(eksMock).toHaveReceivedCommandTimes(DescribeClusterCommand, 1);
    expect(api.tokensSeen).toHaveLength(3);
    expect(api.tokensSeen[1]).toBe(api.tokensSeen[0]);
    expect(api.tokensSeen[2]).not.toBe(api.tokensSeen[0]);
  });

  it("re-signs and retries once when the API server rejects a token it considers expired", async () => {
    // Prepare: the client's clock runs 11 minutes slow, so its cached token looks valid to it but not to the server.
    const clientClock = { now: new Date("2026-11-21T10:00:00Z") };
    api.clock = { now: new Date("2026-11-21T10:00:00Z") };
    const connector = createClusterConnector({ eks: newEksClient(), now: () => clientClock.now });
    const connection = await connector.connect("prod");
    await connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    api.clock.now = new Date("2026-11-21T10:16:00Z");
    clientClock.now = new Date("2026-11-21T10:05:00Z");
    // Act: the cached token (signed 10:00) is rejected; the retry signs a new one at 10:05, which the server accepts.
    const nodes = await connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    expect(nodes.kind).toBe("NodeList");
    expect(api.tokensSeen).toHaveLength(3);
    expect(api.tokensSeen[1]).toBe(api.tokensSeen[0]);
    expect(api.tokensSeen[2]).not.toBe(api.tokensSeen[1]);
  });

  it("says the role has no access entry when the cluster answers 401", async () => {
    // Prepare
    const connection = await createClusterConnector({ eks: newEksClient() }).connect("prod");
    api.respond = () => ({ status: 401, body: { kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 } });
    // Act
    const failure = connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess: one retry with a fresh token, then the explanation.
    await expect(failure).rejects.toThrow(/Cluster "prod" rejected .* list nodes \(401 Unauthorized\): the function's role has no EKS access entry/);
    expect(api.tokensSeen).toHaveLength(2);
  });

  it("names the missing RBAC verb and resource when the cluster answers 403", async () => {
    // Prepare
    const connection = await createClusterConnector({ eks: newEksClient() }).connect("prod");
    api.respond = ({ principal }) => ({
      status: 403,
      body: {
        kind: "Status", status: "Failure", reason: "Forbidden", code: 403, details: { name: "web-0", kind: "pods" },
        message: `pods "web-0" is forbidden: User "${principal}" cannot create resource "pods/eviction" in API group "" in the namespace "shop"`,
      },
    });
    // Act
    const failure = connection.call("evict pod shop/web-0", () => connection.api(CoreV1Api).listNode());
    // Assess
    await expect(failure).rejects.toMatchObject({
      reason: "forbidden",
      missing: { verb: "create", resource: "pods/eviction", group: "", namespace: "shop", user: PRINCIPAL },
      message: expect.stringMatching(/denied create on pods\/eviction \(the core API group, namespace "shop"\)/),
    });
  });

  it("explains an unreachable endpoint with the private-endpoint remedy", async () => {
    // Prepare: a port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    describeAs(`https://127.0.0.1:${port}`, api.tls.caPem);
    const connection = await createClusterConnector({ eks: newEksClient() }).connect("prod");
    // Act
    const failure = connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    const error = await failure.catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "unreachable" });
    expect((error as Error).message).toMatch(new RegExp(`Cannot reach the API server of cluster "prod" at https://127\\.0\\.0\\.1:${port} .*ECONNREFUSED.*VPC`));
  });

  it("refuses a server whose certificate does not chain to the cluster CA", async () => {
    // Prepare: DescribeCluster returns another cluster's CA.
    const other = await createServerTls("other");
    describeAs(api.url, other.caPem);
    const connection = await createClusterConnector({ eks: newEksClient() }).connect("prod");
    // Act
    const failure = connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    await expect(failure).rejects.toMatchObject({ reason: "tls" });
    expect(api.tokensSeen).toHaveLength(0);
  });

  it("reports a cluster that does not exist, and does not cache the failure", async () => {
    // Prepare
    const connector = createClusterConnector({ eks: newEksClient() });
    // Act + Assess
    await expect(connector.connect("missing")).rejects.toThrow('EKS cluster "missing" does not exist in eu-west-1');
    await expect(connector.connect("missing")).rejects.toMatchObject({ reason: "cluster-not-found" });
    expect(eksMock).toHaveReceivedCommandTimes(DescribeClusterCommand, 2);
  });
});

describe("fromKubeconfig", () => {
  function writeKubeconfig(contexts: string[], current: string): string {
    const dir = mkdtempSync(join(tmpdir(), "caretaker-kubeconfig-"));
    const file = join(dir, "config");
    const caData = Buffer.from(api.tls.caPem).toString("base64");
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": current,
        clusters: contexts.map((name) => ({ name, cluster: { server: api.url, "certificate-authority-data": caData } })),
        users: [{ name: "static", user: { token: "not-an-eks-token" } }],
        contexts: contexts.map((name) => ({ name, context: { cluster: name, user: "static" } })),
      }),
    );
    return file;
  }

  it("uses the named context and its credentials, like kubectl --kubeconfig --context", async () => {
    // Prepare: the fake server answers 401 to non-EKS tokens, which proves the kubeconfig's token was sent.
    const file = writeKubeconfig(["staging", "prod"], "staging");
    // Act
    const connection = fromKubeconfig({ file, context: "prod" });
    const failure = connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    expect(connection.cluster).toBe("prod");
    await expect(failure).rejects.toThrow(/kubeconfig's credentials for this context were rejected/);
    expect(api.tokensSeen).toEqual(["not-an-eks-token"]);
  });

  it("reads $KUBECONFIG and its current-context when no flags are given", () => {
    const file = writeKubeconfig(["staging"], "staging");
    expect(fromKubeconfig({ env: { KUBECONFIG: `/nonexistent/config:${file}` } }).cluster).toBe("staging");
  });

  it("lists the known contexts when the requested one is missing", () => {
    const file = writeKubeconfig(["staging", "prod"], "staging");
    expect(() => fromKubeconfig({ file, context: "qa" })).toThrow('Context "qa" is not in the kubeconfig');
    expect(() => fromKubeconfig({ file, context: "qa" })).toThrow("known contexts: staging, prod");
  });

  it("says where it looked when there is no kubeconfig at all", () => {
    expect(() => fromKubeconfig({ env: { HOME: "/nonexistent" } })).toThrow(/No kubeconfig found \(looked for \/nonexistent\/\.kube\/config\)/);
  });
});
