import { describe, expect, it } from "vitest";
import { type ChatbotNotification, MessageBudgetError, formatChatbotMessage, formatEmailMessage } from "../../src/notify";
import { bigSection, makeReport } from "./fixtures";

const LIMIT = 262_144;

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Items shown under `heading` and the N of its "… and N more" line (0 when there is none). */
function listCounts(text: string, heading: string, itemPrefix: string, moreLine: RegExp): { shown: number; hidden: number } {
  const start = text.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = text.slice(start).split("\n").slice(1);
  let shown = 0;
  for (const line of lines) {
    if (line.startsWith(itemPrefix)) shown += 1;
    else if (!/^-+$/.test(line)) break;
  }
  const more = lines[shown + (lines[0]?.startsWith("-") && !lines[0].startsWith(itemPrefix) ? 1 : 0)]?.match(moreLine);
  return { shown, hidden: more ? Number(more[1]?.replace(/,/g, "")) : 0 };
}

describe("message size limits", () => {
  it("keeps the chat message of a 100,000-item list within 262,144 bytes and counts the 99,990 hidden items", () => {
    // Prepare
    const report = makeReport({ sections: [bigSection(100_000)] });

    // Act
    const message = formatChatbotMessage(report);

    // Assess
    expect(bytes(message)).toBeLessThanOrEqual(LIMIT);
    const { description } = (JSON.parse(message) as ChatbotNotification).content;
    expect(listCounts(description, "*Evicted pods* (100,000)", "• ", /^_… and ([\d,]+) more_$/)).toEqual({ shown: 10, hidden: 99_990 });
  });

  it("fills the e-mail with as many of 100,000 items as fit and counts exactly the ones left out", () => {
    // Prepare
    const report = makeReport({ sections: [bigSection(100_000)] });

    // Act
    const { body } = formatEmailMessage(report);

    // Assess
    expect(bytes(body)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(body)).toBeGreaterThan(LIMIT - 1_000);
    const { shown, hidden } = listCounts(body, "Evicted pods (100,000)", "- ", /^… and ([\d,]+) more$/);
    expect(shown).toBeGreaterThan(10_000);
    expect(hidden).toBeGreaterThan(0);
    expect(shown + hidden).toBe(100_000);
    // The items shown are the first ones, in order, never cut mid-item.
    expect(body).toContain(`\n- default/pod-${shown - 1}\n… and `);
  });

  it("counts multi-byte characters as bytes, not characters", () => {
    // Prepare: 3-byte and 4-byte characters, 15 characters but 40+ bytes per item.
    const report = makeReport({ sections: [bigSection(100_000, (index) => `ノード-🚀-${index}`)] });

    // Act
    const chat = formatChatbotMessage(report, { maxItemsPerSection: Number.MAX_SAFE_INTEGER });
    const { body } = formatEmailMessage(report);

    // Assess
    for (const message of [chat, body]) {
      expect(bytes(message)).toBeLessThanOrEqual(LIMIT);
      expect(bytes(message)).toBeGreaterThan(LIMIT - 1_000);
      expect(message.length).toBeLessThan(bytes(message) * 0.8);
    }
    const { shown, hidden } = listCounts(body, "Evicted pods (100,000)", "- ", /^… and ([\d,]+) more$/);
    expect(shown + hidden).toBe(100_000);
  });

  it("accounts for JSON and mrkdwn escaping when filling the chat message", () => {
    // Prepare: quotes and backslashes double in JSON, & grows to &amp;, control characters would become \u00XX.
    const report = makeReport({ sections: [bigSection(50_000, (index) => `"\\&<${index}>\u0001`)] });

    // Act
    const message = formatChatbotMessage(report, { maxItemsPerSection: Number.MAX_SAFE_INTEGER });

    // Assess
    expect(bytes(message)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(message)).toBeGreaterThan(LIMIT - 1_000);
    const notification = JSON.parse(message) as ChatbotNotification;
    const { shown, hidden } = listCounts(notification.content.description, "*Evicted pods* (50,000)", "• ", /^_… and ([\d,]+) more_$/);
    expect(shown + hidden).toBe(50_000);
    expect(notification.content.description).toContain('• `"\\&amp;&lt;0&gt;`');
  });

  it("replaces lists whose headings alone would not fit by one line that counts them", () => {
    // Prepare
    const sections = Array.from({ length: 10_000 }, (_, index) => ({ title: `Repository team-${index}/service`, items: [`sha256:${index}`, "latest"] }));
    const report = makeReport({ kind: "image-gc", sections });

    // Act
    const chat = formatChatbotMessage(report);
    const { body } = formatEmailMessage(report);

    // Assess
    const description = (JSON.parse(chat) as ChatbotNotification).content.description;
    const chatShown = description.match(/^\*Repository team-\d+\/service\* \(2\)$/gm)?.length ?? 0;
    const chatOmitted = Number(description.match(/_… and ([\d,]+) more lists \(([\d,]+) items\) not shown_$/)?.[1]?.replace(/,/g, ""));
    const emailShown = body.match(/^Repository team-\d+\/service \(2\)$/gm)?.length ?? 0;
    const emailOmitted = body.match(/\n… and ([\d,]+) more lists \(([\d,]+) items\) not shown\n/);
    expect(bytes(chat)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(body)).toBeLessThanOrEqual(LIMIT);
    expect(chatShown).toBeGreaterThan(1_000);
    expect(chatShown + chatOmitted).toBe(10_000);
    // The e-mail also lists the related resources, as one more list at the end.
    expect(Number(emailOmitted?.[1]?.replace(/,/g, "")) + emailShown).toBe(10_001);
    expect(Number(emailOmitted?.[2]?.replace(/,/g, ""))).toBe((10_000 - emailShown) * 2 + 2);
  });

  it("fits a report whose every field is oversized, escape-heavy and multi-byte", () => {
    // Prepare
    const ampersands = "&".repeat(300_000);
    const rockets = "\ud83d\ude80&\ud800".repeat(100_000);
    const huge = (unit: string): string => (unit === "&" ? ampersands : unit.repeat(300_000));
    const report = makeReport({
      title: huge("&"),
      summary: huge("<"),
      cluster: huge("日"),
      account: huge("&"),
      region: huge('"'),
      facts: Array.from({ length: 500 }, () => ({ label: ampersands, value: ampersands })),
      nextSteps: Array.from({ length: 500 }, () => ampersands),
      relatedResources: new Array<string>(500).fill(huge("日")),
      sections: Array.from({ length: 200 }, () => ({ title: ampersands, items: new Array<string>(1_000).fill(rockets) })),
    });

    // Act
    const chat = formatChatbotMessage(report);
    const { subject, body } = formatEmailMessage(report);

    // Assess
    expect(bytes(chat)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(body)).toBeLessThanOrEqual(LIMIT);
    expect(JSON.parse(chat)).toMatchObject({ version: "1.0", source: "custom", content: { textType: "client-markdown" } });
    expect(subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(body).not.toMatch(/[\ud800-\udfff](?![\udc00-\udfff])/u);
  });

  it("explains when a message cannot fit even without its lists", () => {
    // Prepare
    const report = makeReport();

    // Act & Assess
    expect(() => formatChatbotMessage(report, { maxBytes: 200 })).toThrow(MessageBudgetError);
    expect(() => formatChatbotMessage(report, { maxBytes: 200 })).toThrow(/chatbot message needs \d+ bytes before any list item, over its 200-byte limit/);
    expect(() => formatEmailMessage(report, { maxBytes: 200 })).toThrow(/email message needs \d+ bytes before any list item, over its 200-byte limit/);
  });
});
