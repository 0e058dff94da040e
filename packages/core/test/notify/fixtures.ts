import type { Report } from "../../src/notify";

/** A realistic drain report; tests override only what they are about. */
function makeReport(overrides: Partial<Report> = {}): Report {
  return {
    kind: "drain",
    severity: "warning",
    title: "Drained ip-10-0-1-5.ec2.internal",
    summary: "The node was drained after a Spot interruption notice. 2 pods could not be evicted.",
    cluster: "prod",
    account: "123456789012",
    region: "eu-west-1",
    facts: [
      { label: "Node", value: "ip-10-0-1-5.ec2.internal" },
      { label: "Instance", value: "i-0123456789abcdef0" },
      { label: "Trigger", value: "Spot interruption" },
      { label: "Duration", value: "42 s" },
    ],
    sections: [
      { title: "Evicted pods", items: ["default/web-1", "default/web-2", "payments/api-7f9c"] },
      { title: "Skipped pods", items: ["kube-system/aws-node-x2k4q: DaemonSet", "default/batch-1: PodDisruptionBudget blocks eviction"] },
    ],
    nextSteps: ["Check the PodDisruptionBudget of default/batch", "Confirm the replacement node joined"],
    relatedResources: ["i-0123456789abcdef0", "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0"],
    fingerprint: "drain/123456789012/eu-west-1/prod/i-0123456789abcdef0",
    occurredAt: new Date("2025-03-01T10:00:00Z"),
    ...overrides,
  };
}

/** `count` distinct items built by `make`, as one section. */
function bigSection(count: number, make: (index: number) => string = (index) => `default/pod-${index}`): { title: string; items: string[] } {
  return { title: "Evicted pods", items: Array.from({ length: count }, (_, index) => make(index)) };
}

export { bigSection, makeReport };
