import { SUBJECT_MAX_CHARS } from "./constants";
import type { Report, Severity } from "./report";

/**
 * Letters that NFKD does not decompose, and typographic punctuation, mapped to ASCII so "Straße – Überprüfung" reads
 * "Strasse - Uberprufung" instead of losing letters. Anything else outside ASCII (emoji, other scripts) is dropped.
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", ł: "l", Ł: "L", đ: "d", Đ: "D", ð: "d", Ð: "D",
  þ: "th", Þ: "Th", ı: "i", "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‐": "-", "‑": "-",
  "‒": "-", "–": "-", "—": "-", "―": "-", "•": "-", "·": "-",
};

/**
 * The older SNS rule says a subject "begins with a letter, number, or punctuation mark". ASCII punctuation in the
 * Unicode sense excludes symbols such as `$ + < = > ^ \` | ~`, so those are stripped from the front as well.
 */
const LEADING_NOT_ALLOWED = /^[^A-Za-z0-9!"#%&'()*,\-./:;?@[\\\]_{}]+/;
const ELLIPSIS = "...";
/** When truncating, prefer ending at a word boundary if one is this close to the limit. */
const WORD_BOUNDARY_SLACK = 20;

/** Warnings and errors are flagged in the subject so mail rules and inbox skimming can pick them out. */
const SEVERITY_PREFIX: Readonly<Record<Severity, string>> = {
  info: "[Caretaker] ",
  success: "[Caretaker] ",
  warning: "[Caretaker] WARNING: ",
  error: "[Caretaker] ERROR: ",
};

/**
 * Turns any text into a valid SNS subject, or "" when nothing usable is left: ASCII only (accents transliterated via
 * NFKD, the rest dropped), no line breaks or control characters, starts with a letter, number or punctuation, and at
 * most 99 characters (longer text ends in "...").
 */
function toSubjectText(text: string): string {
  return truncateSubject(toAsciiLine(text));
}

function toAsciiLine(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/gu, (char) => TRANSLITERATIONS[char] ?? (/[\s\p{Cc}\p{Zl}\p{Zp}]/u.test(char) ? " " : ""))
    .replace(/ {2,}/g, " ")
    .replace(LEADING_NOT_ALLOWED, "")
    .trimEnd();
}

function truncateSubject(text: string): string {
  if (text.length <= SUBJECT_MAX_CHARS) return text;
  const cut = text.slice(0, SUBJECT_MAX_CHARS - ELLIPSIS.length);
  const space = cut.lastIndexOf(" ");
  const base = space >= cut.length - WORD_BOUNDARY_SLACK ? cut.slice(0, space) : cut;
  return `${base.trimEnd()}${ELLIPSIS}`;
}

/**
 * E-mail subject of a report: "[Caretaker] <title>", with WARNING/ERROR flagged. A title with nothing left after
 * sanitising (empty, only emoji, only another script) falls back to "Caretaker <kind> report".
 */
function formatSubject(report: Pick<Report, "kind" | "severity" | "title">): string {
  const title = toAsciiLine(report.title);
  if (title === "") return `Caretaker ${report.kind} report`;
  return truncateSubject(SEVERITY_PREFIX[report.severity] + title);
}

export { formatSubject, toSubjectText };
