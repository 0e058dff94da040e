import { verifyEksToken } from "@caretaker/sandbox/kube/eks-token-verifier";
import { createServerTls, type ServerTls } from "@caretaker/sandbox/kube/tls";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

/** The credentials test/setup.ts puts in the environment, i.e. what SDK clients' default chain signs with. */
const TEST_CREDENTIALS = { accessKeyId: "AKIDCARETAKERTEST", secretAccessKey: "caretaker-test-secret" };
const TEST_PRINCIPAL = "arn:aws:iam::111122223333:role/caretaker-functions";

interface ScriptedResponse {
  status: number;
  body: unknown;
}

/**
 * A minimal HTTPS API server for connection-level tests: it verifies EKS tokens for one cluster exactly like the
 * sandbox does and answers a few read-only endpoints; tests replace `respond` to script other answers.
 */
interface FakeApiServer {
  clusterName: string;
  url: string;
  tls: ServerTls;
  tokensSeen: string[];
  clock: { now: Date };
  respond: (request: { method: string; path: string; principal: string }) => ScriptedResponse;
  close(): Promise<void>;
}

function defaultResponse({ method, path, principal }: { method: string; path: string; principal: string }): ScriptedResponse {
  if (method === "GET" && path === "/version") return { status: 200, body: { major: "1", minor: "31", gitVersion: "v1.31.4-eks-2d5f260", platform: "linux/amd64" } };
  if (method === "POST" && path.startsWith("/apis/authentication.k8s.io/v1/selfsubjectreviews")) {
    return {
      status: 201,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview", status: { userInfo: { username: principal, groups: ["caretaker:drainer", "system:authenticated"] } } },
    };
  }
  if (method === "GET" && path.startsWith("/api/v1/nodes")) {
    return { status: 200, body: { kind: "NodeList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: [{ metadata: { name: "ip-10-0-1-5.ec2.internal" } }] } };
  }
  return { status: 404, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: "the server could not find the requested resource" } };
}

async function startFakeApiServer(clusterName = "prod"): Promise<FakeApiServer> {
  const tls = await createServerTls(clusterName);
  const state: FakeApiServer = {
    clusterName,
    url: "",
    tls,
    tokensSeen: [],
    clock: { now: new Date() },
    respond: defaultResponse,
    close: async () => {},
  };
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, async (req, res) => {
    for await (const _chunk of req); // drain the body
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    state.tokensSeen.push(token);
    const verdict = await verifyEksToken(token, {
      clusterName: state.clusterName,
      credentials: [{ ...TEST_CREDENTIALS, principalArn: TEST_PRINCIPAL }],
      now: state.clock.now,
    });
    const { status, body } = verdict.ok
      ? state.respond({ method: req.method ?? "GET", path: req.url ?? "/", principal: verdict.principalArn })
      : { status: 401, body: { kind: "Status", apiVersion: "v1", status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 } };
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

export { defaultResponse, startFakeApiServer, TEST_CREDENTIALS, TEST_PRINCIPAL };
export type { FakeApiServer, ScriptedResponse };
