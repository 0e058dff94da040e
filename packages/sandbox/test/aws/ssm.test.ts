import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, paginateGetParametersByPath, SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { eksOptimizedAmiParameters } from "../../src/aws/ssm/public-parameters";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const AL2023 = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended";
const AL2 = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended";

const parameters = [
  ...eksOptimizedAmiParameters({ kubernetesVersion: "1.31", releaseVersion: "1.31.3-20250103", imageId: "ami-0a1b2c3d4e5f60718" }),
  ...eksOptimizedAmiParameters({ kubernetesVersion: "1.31", family: "amazon-linux-2", releaseVersion: "1.31.3-20250103" }),
];

describe("SSM public parameters", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("returns the AMI release version parameter with a public (account-less) ARN", async () => {
    // Prepare
    sandbox = startSandbox({ ssm: { parameters } });

    // Act
    const { Parameter } = await new SSMClient({ region }).send(new GetParameterCommand({ Name: `${AL2023}/release_version` }));

    // Assess
    expect(Parameter).toEqual({
      Name: `${AL2023}/release_version`,
      Type: "String",
      Value: "1.31.3-20250103",
      Version: 1,
      LastModifiedDate: new Date("2025-06-02T09:00:00Z"),
      ARN: `arn:aws:ssm:eu-west-1::parameter${AL2023}/release_version`,
      DataType: "text",
    });
  });

  it("publishes the recommended document as JSON with image id, name and release", async () => {
    // Prepare
    sandbox = startSandbox({ ssm: { parameters } });

    // Act
    const { Parameter } = await new SSMClient({ region }).send(new GetParameterCommand({ Name: AL2 }));

    // Assess
    expect(JSON.parse(Parameter?.Value ?? "")).toEqual({
      schema_version: "2",
      image_id: expect.stringMatching(/^ami-[0-9a-f]{17}$/),
      image_name: "amazon-eks-node-1.31-v20250103",
      release_version: "1.31.3-20250103",
    });
  });

  it("answers an unknown name with ParameterNotFound as the SDK surfaces it (no message from AWS)", async () => {
    // Prepare
    sandbox = startSandbox({ ssm: { parameters } });

    // Act
    const error = await rejectionOf(new SSMClient({ region }).send(new GetParameterCommand({ Name: "/aws/service/eks/optimized-ami/1.99/amazon-linux-2/recommended/image_id" })));

    // Assess
    expect(error).toMatchObject({ name: "ParameterNotFound", $fault: "client", message: "UnknownError", $metadata: { httpStatusCode: 400 } });
  });

  it("returns unknown names of GetParameters in InvalidParameters and refuses more than 10 names", async () => {
    // Prepare
    sandbox = startSandbox({ ssm: { parameters } });
    const ssm = new SSMClient({ region });

    // Act
    const output = await ssm.send(new GetParametersCommand({ Names: [`${AL2023}/image_id`, "/nope"] }));
    const error = await rejectionOf(ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) })));

    // Assess
    expect(output.Parameters?.map((p) => p.Value)).toEqual(["ami-0a1b2c3d4e5f60718"]);
    expect(output.InvalidParameters).toEqual(["/nope"]);
    expect(error.name).toBe("ValidationException");
  });

  it("lists direct children by path, or the whole subtree when recursive", async () => {
    // Prepare
    sandbox = startSandbox({ ssm: { parameters } });
    const ssm = new SSMClient({ region });

    // Act
    const direct = await ssm.send(new GetParametersByPathCommand({ Path: AL2023 }));
    const recursive = await ssm.send(new GetParametersByPathCommand({ Path: "/aws/service/eks/optimized-ami/1.31", Recursive: true }));

    // Assess
    expect(direct.Parameters?.map((p) => p.Name?.slice(AL2023.length))).toEqual(["/image_id", "/image_name", "/release_version", "/schema_version"]);
    expect(recursive.Parameters).toHaveLength(10);
  });

  it("pages GetParametersByPath at most 10 at a time and rejects MaxResults above 10", async () => {
    // Prepare
    const many = Array.from({ length: 23 }, (_, i) => ({ name: `/caretaker/p${String(i).padStart(2, "0")}`, value: String(i) }));
    sandbox = startSandbox({ ssm: { parameters: many } });
    const ssm = new SSMClient({ region });

    // Act
    const sizes: number[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: "/caretaker" })) sizes.push(page.Parameters?.length ?? 0);
    const error = await rejectionOf(ssm.send(new GetParametersByPathCommand({ Path: "/caretaker", MaxResults: 50 })));

    // Assess
    expect(sizes).toEqual([10, 10, 3]);
    expect(error).toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value '50' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
    });
  });
});
