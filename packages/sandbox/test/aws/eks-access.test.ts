import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
} from "@aws-sdk/client-eks";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const DRAIN_ROLE = "arn:aws:iam::111122223333:role/caretaker-drain";
const VIEW_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

describe("EKS access entries", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("creates a STANDARD entry with EKS's default username for a role and describes it", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });
    const eks = new EKSClient({ region });

    // Act
    const created = await eks.send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE, kubernetesGroups: ["caretaker:drainers"] }));
    const described = await eks.send(new DescribeAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE }));

    // Assess
    expect(described.accessEntry).toEqual(created.accessEntry);
    expect(described.accessEntry).toMatchObject({
      clusterName: "prod",
      principalArn: DRAIN_ROLE,
      kubernetesGroups: ["caretaker:drainers"],
      type: "STANDARD",
      username: "arn:aws:sts::111122223333:assumed-role/caretaker-drain/{{SessionName}}",
    });
    expect(described.accessEntry?.accessEntryArn).toMatch(/^arn:aws:eks:eu-west-1:111122223333:access-entry\/prod\/role\/111122223333\/caretaker-drain\/[0-9a-f-]{36}$/);
  });

  it("allows one entry per principal: a second create is ResourceInUseException (409)", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: DRAIN_ROLE }] }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE })));

    // Assess
    expect(error).toMatchObject({ name: "ResourceInUseException", message: "The specified access entry resource is already in use on this cluster.", $metadata: { httpStatusCode: 409 } });
  });

  it("rejects a principal that is not an IAM role or user ARN", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: "arn:aws:sts::111122223333:assumed-role/x/y" })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterException", message: "The specified principalArn is invalid: invalid principal." });
  });

  it("refuses access entries on a cluster that authenticates with the aws-auth ConfigMap only", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "legacy", version: "1.31", authenticationMode: "CONFIG_MAP" }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new CreateAccessEntryCommand({ clusterName: "legacy", principalArn: DRAIN_ROLE })));

    // Assess
    expect(error.name).toBe("InvalidRequestException");
  });

  it("associates a namespaced access policy, lists it, and lists entries by associated policy", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: DRAIN_ROLE }, { principalArn: "arn:aws:iam::111122223333:user/alice" }] }] } });
    const eks = new EKSClient({ region });

    // Act
    const associated = await eks.send(new AssociateAccessPolicyCommand({ clusterName: "prod", principalArn: DRAIN_ROLE, policyArn: VIEW_POLICY, accessScope: { type: "namespace", namespaces: ["kube-system"] } }));
    const policies = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: "prod", principalArn: DRAIN_ROLE }));
    const withPolicy = await eks.send(new ListAccessEntriesCommand({ clusterName: "prod", associatedPolicyArn: VIEW_POLICY }));

    // Assess
    expect(associated.associatedAccessPolicy).toMatchObject({ policyArn: VIEW_POLICY, accessScope: { type: "namespace", namespaces: ["kube-system"] } });
    expect(policies.associatedAccessPolicies?.map((p) => p.policyArn)).toEqual([VIEW_POLICY]);
    expect(withPolicy.accessEntries).toEqual([DRAIN_ROLE]);
  });

  it("only associates policies with STANDARD entries", async () => {
    // Prepare
    const nodeRole = "arn:aws:iam::111122223333:role/node";
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: nodeRole, type: "EC2_LINUX" }] }] } });

    // Act
    const error = await rejectionOf(new EKSClient({ region }).send(new AssociateAccessPolicyCommand({ clusterName: "prod", principalArn: nodeRole, policyArn: VIEW_POLICY, accessScope: { type: "cluster" } })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterException", message: 'This operation can only be performed on Access Entries with a type of "STANDARD".' });
  });

  it("deletes an entry; a later describe is ResourceNotFoundException", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: DRAIN_ROLE }] }] } });
    const eks = new EKSClient({ region });

    // Act
    await eks.send(new DeleteAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE }));
    const error = await rejectionOf(eks.send(new DescribeAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE })));

    // Assess
    expect(error).toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.",
    });
  });
});

describe("FakeEks.identityFor", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("maps a role to its entry's username (session rendered) and Kubernetes groups", () => {
    // Prepare
    sandbox = startSandbox({
      eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: DRAIN_ROLE, kubernetesGroups: ["caretaker:drainers"], accessPolicies: [{ policyArn: VIEW_POLICY }] }] }] },
    });

    // Act
    const identity = sandbox.account.eks.identityFor("prod", DRAIN_ROLE);

    // Assess
    expect(identity).toEqual({
      username: "arn:aws:sts::111122223333:assumed-role/caretaker-drain/caretaker-sandbox",
      groups: ["caretaker:drainers"],
      accessPolicies: [{ policyArn: VIEW_POLICY, accessScope: { type: "cluster" } }],
      principalArn: DRAIN_ROLE,
      type: "STANDARD",
    });
  });

  it("recognises an assumed-role session of the role and uses its session name", () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/ops/caretaker-drain" }] }] } });

    // Act
    const identity = sandbox.account.eks.identityFor("prod", "arn:aws:sts::111122223333:assumed-role/caretaker-drain/drain-fn");

    // Assess
    expect(identity?.username).toBe("arn:aws:sts::111122223333:assumed-role/caretaker-drain/drain-fn");
  });

  it("has no identity for a principal without an entry, or on a ConfigMap-only cluster", () => {
    // Prepare
    sandbox = startSandbox({
      eks: {
        clusters: [
          { name: "prod", version: "1.31", accessEntries: [{ principalArn: DRAIN_ROLE }] },
          { name: "legacy", version: "1.31", authenticationMode: "CONFIG_MAP" },
        ],
      },
    });

    // Act
    const stranger = sandbox.account.eks.identityFor("prod", "arn:aws:iam::111122223333:role/someone-else");
    const legacy = sandbox.account.eks.identityFor("legacy", DRAIN_ROLE);

    // Assess
    expect(stranger).toBeUndefined();
    expect(legacy).toBeUndefined();
  });

  it("follows entries created through the API", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });
    const eks = new EKSClient({ region });

    // Act
    await eks.send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: DRAIN_ROLE, kubernetesGroups: ["drainers"], username: "caretaker" }));

    // Assess
    expect(sandbox.account.eks.identityFor("prod", DRAIN_ROLE)).toMatchObject({ username: "caretaker", groups: ["drainers"] });
  });
});
