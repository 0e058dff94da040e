import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { resolveCluster } from "../../src/drain/resolve-target";

describe("resolveCluster", () => {
  const instance = { instanceId: "i-1", lifecycle: "on-demand" as const, tags: {} };

  it("uses the group's tags it is given instead of describing the group again", async () => {
    // Prepare: every Auto Scaling call is recorded.
    const sent: unknown[] = [];
    const autoscaling = { send: async (command: unknown) => (sent.push(command), { AutoScalingGroups: [] }) } as unknown as AutoScalingClient;

    // Act
    const resolved = await resolveCluster({ ec2: {} as EC2Client, autoscaling }, { instance, autoScalingGroupName: "prod-web", groupTags: { "eks:cluster-name": "prod" } });

    // Assess
    expect(resolved).toEqual({ cluster: "prod", source: "asg-tags" });
    expect(sent).toEqual([]);
  });

  it("describes the group when no tags are given", async () => {
    const autoscaling = { send: async () => ({ AutoScalingGroups: [{ AutoScalingGroupName: "prod-web", Tags: [{ Key: "eks:cluster-name", Value: "prod" }] }] }) } as unknown as AutoScalingClient;
    expect(await resolveCluster({ ec2: {} as EC2Client, autoscaling }, { instance, autoScalingGroupName: "prod-web" })).toEqual({ cluster: "prod", source: "asg-tags" });
  });
});
