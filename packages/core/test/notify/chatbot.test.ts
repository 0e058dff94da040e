import { describe, expect, it } from "vitest";
import { type ChatbotNotification, formatChatbotMessage } from "../../src/notify";
import { bigSection, makeReport } from "./fixtures";

function parse(message: string): ChatbotNotification {
  return JSON.parse(message) as ChatbotNotification;
}

describe("formatChatbotMessage", () => {
  it("produces the custom-notification JSON that Amazon Q Developer (Chatbot) accepts", () => {
    // Prepare
    const report = makeReport();

    // Act
    const notification = parse(formatChatbotMessage(report));

    // Assess
    expect(notification).toMatchObject({
      version: "1.0",
      source: "custom",
      id: "drain/123456789012/eu-west-1/prod/i-0123456789abcdef0",
      content: {
        textType: "client-markdown",
        title: ":warning: Drained ip-10-0-1-5.ec2.internal",
        nextSteps: ["Check the PodDisruptionBudget of default/batch", "Confirm the replacement node joined"],
        keywords: ["drain", "warning", "prod"],
      },
      metadata: {
        threadId: "123456789012/eu-west-1/prod",
        summary: "Drained ip-10-0-1-5.ec2.internal",
        eventType: "caretaker.drain",
        relatedResources: ["i-0123456789abcdef0", "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0"],
        additionalContext: {
          kind: "drain",
          severity: "warning",
          cluster: "prod",
          account: "123456789012",
          region: "eu-west-1",
          occurredAt: "2025-03-01T10:00:00.000Z",
        },
      },
    });
    expect(Object.keys(notification)).toEqual(["version", "source", "id", "content", "metadata"]);
  });

  it("renders the summary, the facts and every list in the description", () => {
    // Prepare
    const report = makeReport();

    // Act
    const { description } = parse(formatChatbotMessage(report)).content;

    // Assess
    expect(description).toBe(
      [
        "The node was drained after a Spot interruption notice. 2 pods could not be evicted.",
        "",
        "*Cluster:* `prod`",
        "*Account:* `123456789012`",
        "*Region:* `eu-west-1`",
        "*Node:* `ip-10-0-1-5.ec2.internal`",
        "*Instance:* `i-0123456789abcdef0`",
        "*Trigger:* `Spot interruption`",
        "*Duration:* `42 s`",
        "",
        "*Evicted pods* (3)",
        "• `default/web-1`",
        "• `default/web-2`",
        "• `payments/api-7f9c`",
        "",
        "*Skipped pods* (2)",
        "• `kube-system/aws-node-x2k4q: DaemonSet`",
        "• `default/batch-1: PodDisruptionBudget blocks eviction`",
      ].join("\n"),
    );
  });

  it("marks each severity with its own emoji", () => {
    // Act
    const titles = (["info", "success", "warning", "error"] as const).map((severity) => parse(formatChatbotMessage(makeReport({ severity, title: "Run" }))).content.title);

    // Assess
    expect(titles).toEqual([":information_source: Run", ":white_check_mark: Run", ":warning: Run", ":rotating_light: Run"]);
  });

  it("threads per cluster and falls back to the kind when the report has no cluster", () => {
    // Act
    const full = parse(formatChatbotMessage(makeReport())).metadata.threadId;
    const noAccount = parse(formatChatbotMessage(makeReport({ account: undefined }))).metadata.threadId;
    const noCluster = parse(formatChatbotMessage(makeReport({ kind: "drift", cluster: undefined }))).metadata.threadId;
    const blankCluster = parse(formatChatbotMessage(makeReport({ kind: "probe", cluster: "  " }))).metadata.threadId;

    // Assess
    expect([full, noAccount, noCluster, blankCluster]).toEqual(["123456789012/eu-west-1/prod", "eu-west-1/prod", "drift", "probe"]);
  });

  it("escapes user data so mrkdwn characters, links and mentions render literally", () => {
    // Prepare
    const report = makeReport({
      title: "*bold* _italic_ ~strike~ `code` & <!channel>",
      summary: "> not a quote\n<https://evil.example|click me> & <@U123>",
      facts: [{ label: "Pod_*name*", value: "web_1*`x`<y>" }],
      sections: [{ title: "Skipped *pods*", items: ["default/web_1*", "ns/a`b", "ns/<c>&d"] }],
      nextSteps: ["Run `kubectl get pods` <!here>"],
    });

    // Act
    const { content, metadata } = parse(formatChatbotMessage(report));

    // Assess
    expect(content.title).toBe(":warning: ∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ &amp; &lt;!channel&gt;");
    expect(metadata.summary).toBe("∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ &amp; &lt;!channel&gt;");
    expect(content.description).toContain("\u200b&gt; not a quote\n&lt;https://evil.example|click me&gt; &amp; &lt;@U123&gt;");
    expect(content.description).toContain("*Podˍ∗name∗:* `web_1*ˋxˋ&lt;y&gt;`");
    expect(content.description).toContain("*Skipped ∗pods∗* (3)\n• `default/web_1*`\n• `ns/aˋb`\n• `ns/&lt;c&gt;&amp;d`");
    expect(content.nextSteps).toEqual(["Run ˋkubectl get podsˋ &lt;!here&gt;"]);
    expect(JSON.stringify({ content, metadata })).not.toMatch(/<[!@#]/);
  });

  it("shows at most 10 items per list by default and counts the rest exactly", () => {
    // Prepare
    const report = makeReport({ sections: [bigSection(25), { title: "Skipped pods", items: ["default/batch-1"] }] });

    // Act
    const { description } = parse(formatChatbotMessage(report)).content;

    // Assess
    expect(description.match(/^• /gm)).toHaveLength(11);
    expect(description).toContain("• `default/pod-9`\n_… and 15 more_\n\n*Skipped pods* (1)\n• `default/batch-1`");
    expect(description).not.toContain("pod-10`");
  });

  it("lets the caller choose how many items per list chat shows", () => {
    // Prepare
    const report = makeReport({ sections: [bigSection(1_500)] });

    // Act
    const three = parse(formatChatbotMessage(report, { maxItemsPerSection: 3 })).content.description;
    const none = parse(formatChatbotMessage(report, { maxItemsPerSection: 0 })).content.description;

    // Assess
    expect(three).toMatch(/\*Evicted pods\* \(1,500\)\n• `default\/pod-0`\n• `default\/pod-1`\n• `default\/pod-2`\n_… and 1,497 more_$/);
    expect(none).toMatch(/\*Evicted pods\* \(1,500\)\n_… and 1,500 more_$/);
  });

  it("says 'none' for an empty list and leaves out optional arrays that would be empty", () => {
    // Prepare
    const report = makeReport({ summary: "", facts: [], cluster: undefined, account: undefined, region: undefined, sections: [{ title: "Findings", items: [] }], nextSteps: [], relatedResources: [] });

    // Act
    const notification = parse(formatChatbotMessage(report));

    // Assess
    expect(notification.content.description).toBe("*Findings* (0)\n_none_");
    expect(notification.content).not.toHaveProperty("nextSteps");
    expect(notification.metadata).not.toHaveProperty("relatedResources");
    expect(notification.content.keywords).toEqual(["drain", "warning"]);
  });

  it("caps facts, next steps and related resources and counts what it left out", () => {
    // Prepare
    const report = makeReport({
      facts: Array.from({ length: 23 }, (_, index) => ({ label: `Fact ${index}`, value: String(index) })),
      nextSteps: Array.from({ length: 12 }, (_, index) => `Step ${index}`),
      relatedResources: Array.from({ length: 25 }, (_, index) => `i-${index}`),
    });

    // Act
    const { content, metadata } = parse(formatChatbotMessage(report));

    // Assess
    expect(content.description).toContain("*Fact 19:* `19`\n_… and 3 more facts_");
    expect(content.description).not.toContain("Fact 20");
    expect(content.nextSteps).toHaveLength(11);
    expect(content.nextSteps?.at(-1)).toBe("_… and 2 more_");
    expect(metadata.relatedResources).toHaveLength(20);
    expect(metadata.additionalContext.relatedResourcesNotShown).toBe("5");
  });
});
