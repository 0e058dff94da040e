import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/probe";
import { type FakeApiServer, startFakeApiServer, TEST_PRINCIPAL } from "../helpers/fake-api-server";
import { lambdaContext } from "../helpers/lambda-context";

const eksMock = mockClient(EKSClient);
const snsMock = mockClient(SNSClient);
const TOPIC_ARN = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";
let api: FakeApiServer;

beforeAll(async () => {
  api = await startFakeApiServer("prod");
});
afterAll(() => api.close());
beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
  vi.stubEnv("CARETAKER_TOPIC_ARN", TOPIC_ARN);
  eksMock.reset();
  eksMock.on(DescribeClusterCommand, { name: "prod" }).resolves({
    cluster: { name: "prod", status: "ACTIVE", endpoint: api.url, certificateAuthority: { data: Buffer.from(api.tls.caPem).toString("base64") } },
  });
  eksMock.on(DescribeClusterCommand, { name: "gone" }).rejects(Object.assign(new Error("No cluster found for name: gone."), { name: "ResourceNotFoundException" }));
});

describe("probe function", () => {
  it("reports the server version and the identity the cluster maps the function's role to", async () => {
    // Act
    const result = await handler({ clusters: ["prod"] }, lambdaContext("caretaker-probe"));
    // Assess
    expect(result.ok).toBe(true);
    expect(result.results).toEqual([
      expect.objectContaining({
        cluster: "prod",
        ok: true,
        server: api.url,
        version: "v1.31.4-eks-2d5f260",
        identity: { username: TEST_PRINCIPAL, groups: ["caretaker:drainer", "system:authenticated"] },
      }),
    ]);
  });

  it("keeps probing the other clusters when one cannot be reached, and says why", async () => {
    // Act
    const result = await handler({ clusters: ["gone", "prod"] }, lambdaContext("caretaker-probe"));
    // Assess
    expect(result.ok).toBe(false);
    expect(result.results.map((r) => [r.cluster, r.ok, r.error?.reason])).toEqual([
      ["gone", false, "cluster-not-found"],
      ["prod", true, undefined],
    ]);
    expect(result.results[0]?.error?.message).toContain('EKS cluster "gone" does not exist in eu-west-1');
  });

  it.each([
    [{}, /clusters: .*expected array/i],
    [{ clusters: [] }, /clusters: name at least one cluster/],
    [{ clusters: ["prod; rm -rf /"] }, /clusters\[0\]: must be an EKS cluster name/],
    [{ clusters: ["prod"], dryRun: "yes" }, /Unrecognized key.*dryRun/i],
    ["prod", /\(payload\): .*expected object/i],
  ])("rejects the payload %j with a field-level explanation and contacts no cluster", async (payload, explanation) => {
    // Act
    const failure = handler(payload, lambdaContext("caretaker-probe"));
    // Assess
    await expect(failure).rejects.toMatchObject({ name: "InvalidInputError", message: expect.stringMatching(explanation) });
    await expect(handler(payload, lambdaContext("caretaker-probe"))).rejects.toThrow(/^Invalid input for probe: .*Nothing was changed\.$/);
    expect(eksMock).toHaveReceivedCommandTimes(DescribeClusterCommand, 0);
  });

  it("notifies the alerts topic, in both formats, only when asked to and a cluster is unusable", async () => {
    // Act
    await handler({ clusters: ["prod"], notify: "failures" }, lambdaContext("caretaker-probe"));
    await handler({ clusters: ["prod"] }, lambdaContext("caretaker-probe"));
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
    await handler({ clusters: ["gone", "prod"], notify: "failures" }, lambdaContext("caretaker-probe"));
    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
    const formats = snsMock.commandCalls(PublishCommand).map(({ args: [command] }) => {
      expect(command.input).toMatchObject({
        TopicArn: TOPIC_ARN,
        MessageAttributes: { kind: { DataType: "String", StringValue: "probe" }, severity: { DataType: "String", StringValue: "warning" } },
      });
      return command.input.MessageAttributes?.format?.StringValue;
    });
    expect(formats.sort()).toEqual(["chatbot", "email"]);
    const email = snsMock.commandCalls(PublishCommand).find(({ args: [command] }) => command.input.Subject)?.args[0].input;
    expect(email?.Subject).toContain("cannot use 1 of 2 cluster(s)");
    expect(email?.Message).toContain('EKS cluster "gone" does not exist in eu-west-1');
  });

  it("says which variable is missing when asked to notify without a topic", async () => {
    // Prepare
    vi.stubEnv("CARETAKER_TOPIC_ARN", "");
    // Act + Assess
    await expect(handler({ clusters: ["gone"], notify: "always" }, lambdaContext("caretaker-probe"))).rejects.toThrow("CARETAKER_TOPIC_ARN environment variable is not set");
  });
});
