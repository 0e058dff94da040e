import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors";
import type { DocumentPath, Operand, PathElement } from "./ast";
import { isReservedWord } from "./reserved-words";
import type { Substitutions } from "./substitutions";
import { type Token, tokenize } from "./tokens";

/** Which request parameter an expression came from: DynamoDB names it in every message. */
type ExpressionKind =
  | "ConditionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression";

const MAX_EXPRESSION_BYTES = 4096;

/** Keywords that can never start a document path. */
const OPERATOR_WORDS = new Set(["AND", "OR", "NOT", "BETWEEN", "IN"]);

/**
 * Token cursor and the pieces every expression shares (document paths, operands, placeholders) with DynamoDB's error
 * precedence: syntax errors first (the whole expression is parsed), then reserved words and undefined placeholders,
 * reported in order of appearance.
 */
class ParserBase {
  readonly kind: ExpressionKind;
  readonly #source: string;
  readonly #substitutions: Substitutions;
  readonly #tokens: Token[];
  #position = 0;
  readonly #problems: Array<{ at: number; message: string }> = [];

  constructor(kind: ExpressionKind, source: string, substitutions: Substitutions) {
    this.kind = kind;
    this.#source = source;
    this.#substitutions = substitutions;
    if (source.trim().length === 0) throw this.invalid("The expression can not be empty;");
    const bytes = Buffer.byteLength(source, "utf8");
    if (bytes > MAX_EXPRESSION_BYTES) {
      throw this.invalid(`Expression size has exceeded the maximum allowed size; expression size: ${bytes}`);
    }
    this.#tokens = tokenize(source);
  }

  /** `Invalid <Kind>: <detail>`. */
  invalid(detail: string) {
    return validation(`Invalid ${this.kind}: ${detail}`);
  }

  peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#position + offset, this.#tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.#position++;
    return token;
  }

  atPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "punct" && token.text === text;
  }

  atKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === "name" && token.text.toUpperCase() === word;
  }

  /** A name immediately followed by "(": a function call. */
  atFunction(): boolean {
    return this.peek().kind === "name" && this.atPunct("(", 1);
  }

  expectPunct(text: string): void {
    if (!this.atPunct(text)) this.syntaxError();
    this.next();
  }

  expectKeyword(word: string): void {
    if (!this.atKeyword(word)) this.syntaxError();
    this.next();
  }

  /** `Syntax error; token: "<token>", near: "<previous token … token>"`. */
  syntaxError(token: Token = this.peek()): never {
    const index = this.#tokens.indexOf(token);
    const previous = index > 0 ? (this.#tokens[index - 1] as Token) : undefined;
    const near = this.#source.slice(previous?.start ?? token.start, token.end);
    throw this.invalid(`Syntax error; token: "${token.text}", near: "${near}"`);
  }

  /** Reports a semantic problem once the whole expression has parsed. */
  problem(at: Token, message: string): void {
    this.#problems.push({ at: at.start, message });
  }

  /** Ends the parse: trailing tokens are a syntax error; then the earliest semantic problem, if any. */
  finish<T>(result: T): T {
    if (this.peek().kind !== "eof") this.syntaxError();
    const first = this.#problems.sort((a, b) => a.at - b.at)[0];
    if (first) throw this.invalid(first.message);
    return result;
  }

  pathElement(): PathElement {
    const token = this.next();
    if (token.kind === "nameRef") {
      const name = this.#substitutions.name(token.text);
      if (name === undefined) {
        this.problem(token, `An expression attribute name used in the document path is not defined; attribute name: ${token.text}`);
      }
      return { kind: "name", name: name ?? token.text };
    }
    if (token.kind === "name" && !OPERATOR_WORDS.has(token.text.toUpperCase())) {
      if (isReservedWord(token.text)) {
        this.problem(token, `Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
      }
      return { kind: "name", name: token.text };
    }
    this.syntaxError(token);
  }

  /** `a.b[2].#c`. */
  path(): DocumentPath {
    const elements: PathElement[] = [this.pathElement()];
    for (;;) {
      if (this.atPunct(".")) {
        this.next();
        elements.push(this.pathElement());
      } else if (this.atPunct("[")) {
        this.next();
        const index = this.next();
        if (index.kind !== "number") this.syntaxError(index);
        this.expectPunct("]");
        elements.push({ kind: "index", index: Number(index.text) });
      } else {
        return elements;
      }
    }
  }

  /** `:value`, resolved (undefined placeholders are reported after the parse). */
  valueRef(): { value: AttributeValue; placeholder: string } {
    const token = this.next();
    if (token.kind !== "valueRef") this.syntaxError(token);
    const value = this.#substitutions.value(token.text);
    if (value === undefined) {
      this.problem(token, `An expression attribute value used in expression is not defined; attribute value: ${token.text}`);
    }
    return { value: value ?? { NULL: true }, placeholder: token.text };
  }

  /** Path, `:value` or `size(path)` — the operands of conditions. */
  operand(): Operand {
    if (this.peek().kind === "valueRef") return { type: "value", ...this.valueRef() };
    if (this.atFunction()) {
      const name = this.next();
      if (name.text !== "size") {
        throw this.invalid(`Invalid function name; function: ${name.text}`);
      }
      this.expectPunct("(");
      const argument = this.operand();
      this.expectPunct(")");
      if (argument.type !== "path") {
        throw this.invalid("Operator or function requires a document path; operator or function: size");
      }
      return { type: "size", path: argument.path };
    }
    return { type: "path", path: this.path() };
  }
}

/** Whether one path equals the other or contains it (`a` and `a.b`): DynamoDB refuses such pairs. */
function overlaps(a: DocumentPath, b: DocumentPath): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as PathElement;
    const y = b[i] as PathElement;
    if (x.kind !== y.kind) return false;
    if (x.kind === "name" && x.name !== (y as { name: string }).name) return false;
    if (x.kind === "index" && x.index !== (y as { index: number }).index) return false;
  }
  return true;
}

export { overlaps, ParserBase };
export type { ExpressionKind };
