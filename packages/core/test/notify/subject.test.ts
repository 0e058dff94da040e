import { describe, expect, it } from "vitest";
import { formatSubject, toSubjectText } from "../../src/notify";
import { makeReport } from "./fixtures";

/** ASCII printable only, 1 to 99 characters, first character a letter, digit or punctuation mark. */
const VALID_SUBJECT = /^[A-Za-z0-9!"#%&'()*,\-./:;?@[\\\]_{}][\x20-\x7e]{0,98}$/;

/** Deterministic pseudo-random generator, so a failure reproduces. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("formatSubject", () => {
  it("prefixes the title and flags warnings and errors", () => {
    // Prepare
    const title = "Drained ip-10-0-1-5.ec2.internal";

    // Act
    const subjects = (["info", "success", "warning", "error"] as const).map((severity) => formatSubject(makeReport({ severity, title })));

    // Assess
    expect(subjects).toEqual([
      "[Caretaker] Drained ip-10-0-1-5.ec2.internal",
      "[Caretaker] Drained ip-10-0-1-5.ec2.internal",
      "[Caretaker] WARNING: Drained ip-10-0-1-5.ec2.internal",
      "[Caretaker] ERROR: Drained ip-10-0-1-5.ec2.internal",
    ]);
  });

  it("transliterates accents and drops emoji and other scripts", () => {
    // Prepare
    const report = makeReport({ severity: "info", title: "Überprüfung für Straße – café 🚀 ノード “prod” naïve" });

    // Act
    const subject = formatSubject(report);

    // Assess
    expect(subject).toBe('[Caretaker] Uberprufung fur Strasse - cafe "prod" naive');
  });

  it("turns line breaks, tabs and control characters into single spaces", () => {
    // Prepare
    const report = makeReport({ severity: "info", title: "Drain\r\nfailed\tfor\u0000node\u2028ip-1 \u0007" });

    // Act
    const subject = formatSubject(report);

    // Assess
    expect(subject).toBe("[Caretaker] Drain failed for node ip-1");
  });

  it("truncates a 300-character title to 99 characters ending in '...' at a word boundary", () => {
    // Prepare
    const words = makeReport({ title: "evicted ".repeat(40) });
    const noSpaces = makeReport({ title: "x".repeat(300) });

    // Act
    const fromWords = formatSubject(words);
    const fromNoSpaces = formatSubject(noSpaces);

    // Assess
    expect(fromWords.length).toBeLessThanOrEqual(99);
    expect(fromWords).toMatch(/ evicted\.\.\.$/);
    expect(fromNoSpaces).toHaveLength(99);
    expect(fromNoSpaces).toBe(`[Caretaker] WARNING: ${"x".repeat(99 - 21 - 3)}...`);
  });

  it("strips leading whitespace, emoji and symbols so the subject starts with a letter, number or punctuation", () => {
    // Act
    const stripped = ["   Drained", "🚀 Drained", "\n\t$+<=>^`|~ Drained", "\u00a0\u2003Drained"].map(toSubjectText);

    // Assess
    expect(stripped).toEqual(["Drained", "Drained", "Drained", "Drained"]);
    expect(toSubjectText("(dry run) 3 images")).toBe("(dry run) 3 images");
  });

  it("falls back to 'Caretaker <kind> report' when nothing usable is left of the title", () => {
    // Prepare
    const titles = ["", "   ", "🚀🔥✅", "ノードのドレイン", "\n\t\u0000", "$$$"];

    // Act
    const subjects = titles.map((title) => formatSubject(makeReport({ kind: "image-gc", severity: "error", title })));

    // Assess
    expect(new Set(subjects)).toEqual(new Set(["Caretaker image-gc report"]));
  });

  it("produces a valid SNS subject for any input", () => {
    // Prepare
    const random = mulberry32(42);
    const alphabet = ["a", "Z", "9", " ", "\n", "\t", "\u0000", "\u007f", "é", "ß", "日", "🚀", "\ud800", "$", "~", "_", ".", "\u200b", "\u202e", "Å", "ﬁ"];
    const titles = Array.from({ length: 300 }, () => {
      const length = Math.floor(random() * 400);
      return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    });

    // Act
    const subjects = titles.map((title) => formatSubject(makeReport({ title })));

    // Assess
    for (const subject of subjects) expect(subject).toMatch(VALID_SUBJECT);
  });
});
