import { describe, expect, it } from "vitest";
import { formatEmailMessage } from "../../src/notify";
import { makeReport } from "./fixtures";

describe("formatEmailMessage", () => {
  it("lays out a readable plain-text body: title, summary, aligned facts, next steps, lists, resources, footer", () => {
    // Prepare
    const report = makeReport();

    // Act
    const { subject, body } = formatEmailMessage(report);

    // Assess
    expect(subject).toBe("[Caretaker] WARNING: Drained ip-10-0-1-5.ec2.internal");
    expect(body).toBe(
      [
        "Drained ip-10-0-1-5.ec2.internal",
        "================================",
        "",
        "The node was drained after a Spot interruption notice. 2 pods could not be evicted.",
        "",
        "Severity: WARNING",
        "Occurred: 2025-03-01 10:00:00 UTC",
        "Cluster:  prod",
        "Account:  123456789012",
        "Region:   eu-west-1",
        "Node:     ip-10-0-1-5.ec2.internal",
        "Instance: i-0123456789abcdef0",
        "Trigger:  Spot interruption",
        "Duration: 42 s",
        "",
        "Next steps",
        "----------",
        "1. Check the PodDisruptionBudget of default/batch",
        "2. Confirm the replacement node joined",
        "",
        "Evicted pods (3)",
        "----------------",
        "- default/web-1",
        "- default/web-2",
        "- payments/api-7f9c",
        "",
        "Skipped pods (2)",
        "----------------",
        "- kube-system/aws-node-x2k4q: DaemonSet",
        "- default/batch-1: PodDisruptionBudget blocks eviction",
        "",
        "Related resources (2)",
        "---------------------",
        "- i-0123456789abcdef0",
        "- arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0",
        "",
        "-- ",
        "Caretaker drain report, fingerprint drain/123456789012/eu-west-1/prod/i-0123456789abcdef0",
        "",
      ].join("\n"),
    );
  });

  it("aligns fact values in one column whatever the label lengths", () => {
    // Prepare
    const report = makeReport({ facts: [{ label: "Pods evicted", value: "12" }, { label: "Größe", value: "3 GiB" }] });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    const factLines = body.split("\n").filter((line) => /^(Severity|Occurred|Cluster|Account|Region|Pods evicted|Größe):/.test(line));
    expect(factLines).toHaveLength(7);
    expect(new Set(factLines.map((line) => line.indexOf(line.split(/:\s+/)[1] ?? "")))).toEqual(new Set(["Pods evicted: ".length]));
  });

  it("keeps user text verbatim instead of escaping it for chat", () => {
    // Prepare
    const report = makeReport({ sections: [{ title: "Skipped *pods*", items: ["default/web_1*", "ns/<c>&d", "a`b"] }] });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(body).toContain("Skipped *pods* (3)\n------------------\n- default/web_1*\n- ns/<c>&d\n- a`b\n");
  });

  it("flattens line breaks in one-line fields but keeps the paragraphs of the summary", () => {
    // Prepare
    const report = makeReport({
      summary: "First line.\r\nSecond line.\n\n\n\nNew paragraph.\u0007",
      facts: [{ label: "Reason", value: "PDB\nblocks\teviction" }],
      sections: [{ title: "Pods", items: ["ns/a:\nfailed\r\nto evict"] }],
    });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(body).toContain("First line.\nSecond line.\n\nNew paragraph.\n\n");
    expect(body).toContain("Reason:   PDB blocks eviction\n");
    expect(body).toContain("- ns/a: failed to evict\n");
  });

  it("shows every item of a list that fits, with no count line", () => {
    // Prepare
    const report = makeReport({ sections: [{ title: "Deleted images", items: Array.from({ length: 500 }, (_, index) => `repo/app:sha-${index}`) }] });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(body.match(/^- repo\/app:sha-\d+$/gm)).toHaveLength(500);
    expect(body).not.toContain("more");
  });

  it("says '(none)' for an empty list and counts the next steps beyond ten", () => {
    // Prepare
    const report = makeReport({ sections: [{ title: "Findings", items: [] }], nextSteps: Array.from({ length: 13 }, (_, index) => `Step ${index + 1}`) });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(body).toContain("Findings (0)\n------------\n(none)\n");
    expect(body).toContain("10. Step 10\n… and 3 more\n");
    expect(body).not.toContain("Step 11");
  });

  it("clips oversized fields with an ellipsis instead of dropping them", () => {
    // Prepare
    const report = makeReport({
      facts: [{ label: "Reason", value: `${"x".repeat(600)}tail` }],
      sections: [{ title: "Pods", items: [`ns/${"a".repeat(5_000)}`, `${" ".repeat(10_000)}ns/b${" ".repeat(10_000)}c`, `${" ".repeat(10_000)}ns/short`] }],
    });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(body).toContain(`Reason:   ${"x".repeat(499)}…\n`);
    expect(body).toContain(`\n- ns/${"a".repeat(996)}…\n`);
    expect(body).toContain("\n- ns/b…\n- ns/short\n");
  });
});
