/**
 * Small text helpers shared by both formats: normalise user data to one line (or a tidy paragraph), clip it without
 * splitting a character, and measure it in the unit SNS enforces (UTF-8 bytes).
 */

/** Bidirectional overrides can visually reorder a pod name or an ARN ("Trojan Source"); they carry no meaning here. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks, tabs and every other control or separator character; a one-line field turns a run of them into one space. */
const ONE_LINE_BREAKS = /[\s\p{Cc}\p{Zl}\p{Zp}]+/gu;
/** Control characters except tab and line feed; a paragraph keeps its line breaks. */
const PARAGRAPH_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One line: no control characters, no line breaks, single spaces, trimmed; lone surrogates become U+FFFD. */
function oneLine(text: string): string {
  return text.toWellFormed().replace(BIDI_CONTROLS, "").replace(ONE_LINE_BREAKS, " ").trim();
}

/** A paragraph: CRLF and Unicode separators become line feeds, tabs become spaces, at most one blank line in a row. */
function paragraph(text: string): string {
  return text
    .toWellFormed()
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/\t/g, " ")
    .replace(PARAGRAPH_CONTROLS, "")
    .replace(BIDI_CONTROLS, "")
    .replace(/[ \u00a0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * At most `maxChars` UTF-16 code units; a clipped text ends in "…" so a reader knows it was cut. Never splits a
 * surrogate pair, so the result stays valid UTF-8/JSON.
 */
function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Plain-text one-liner, clipped: the shape every short field (title, label, item) is rendered from. */
function clipLine(text: string, maxChars: number): string {
  return clipNormalized(text, maxChars, oneLine);
}

/** A paragraph (see `paragraph`), clipped. */
function clipParagraph(text: string, maxChars: number): string {
  return clipNormalized(text, maxChars, paragraph);
}

/**
 * Normalising a megabyte to keep 300 characters of it is wasted work (and a list may hold thousands of such items):
 * only a bounded prefix is normalised. If that prefix shrinks below the cap (runs of whitespace collapsed), the text
 * still ends in "…", because more followed.
 */
function clipNormalized(raw: string, maxChars: number, normalize: (text: string) => string): string {
  const window = maxChars * 4 + 64;
  // Leading whitespace would otherwise fill the window and hide the text behind it.
  const text = raw.length <= window ? raw : raw.trimStart();
  if (text.length <= window) return clip(normalize(text), maxChars);
  const end = isHighSurrogate(text.charCodeAt(window - 1)) ? window - 1 : window;
  const prefix = normalize(text.slice(0, end));
  return prefix.length < maxChars ? `${prefix}…` : clip(`${prefix}…`, maxChars);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The unit of the SNS size limit. */
function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Bytes a string adds inside a JSON string literal (escapes included, quotes excluded). JSON escaping works one
 * character at a time, so the size of a concatenation is the sum of the sizes of its parts.
 */
function jsonStringBytes(text: string): number {
  return utf8Bytes(JSON.stringify(text)) - 2;
}

/** "1,234" regardless of the Lambda's locale or ICU data. */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Display width in code points, close enough for aligning labels in a monospace-ish mail client. */
function displayLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

export { clipLine, clipParagraph, displayLength, formatCount, jsonStringBytes, utf8Bytes };
