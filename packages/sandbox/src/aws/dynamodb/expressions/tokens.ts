/**
 * Tokens of DynamoDB's expression language: names (`status`), placeholders (`#s`, `:v`), list indexes, and the
 * punctuation of comparisons, document paths and update arithmetic. Keywords (AND, OR, NOT, BETWEEN, IN, SET, …) and
 * function names are names; the parser decides by position, as DynamoDB's grammar does.
 */

type TokenKind = "name" | "nameRef" | "valueRef" | "number" | "punct" | "invalid" | "eof";

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCTUATION = ["<=", ">=", "<>", "(", ")", "[", "]", ",", ".", "=", "<", ">", "+", "-"];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: source.slice(i, end), start: i, end });
    i = end;
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#" || c === ":") {
      let end = i + 1;
      while (end < source.length && /[A-Za-z0-9_]/.test(source[end] as string)) end++;
      push(end === i + 1 ? "invalid" : c === "#" ? "nameRef" : "valueRef", end);
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[A-Za-z0-9_]/.test(source[end] as string)) end++;
      push("name", end);
      continue;
    }
    if (/[0-9]/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[0-9]/.test(source[end] as string)) end++;
      push("number", end);
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    push(punct ? "punct" : "invalid", i + (punct?.length ?? 1));
  }
  tokens.push({ kind: "eof", text: "<EOF>", start: source.length, end: source.length });
  return tokens;
}

export { tokenize };
export type { Token, TokenKind };
