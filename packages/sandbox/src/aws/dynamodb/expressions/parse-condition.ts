import { compareScalars, typeOf, VALUE_TYPES } from "../attribute-value";
import type { Comparator, Condition, ConditionFunction, Operand } from "./ast";
import { type ExpressionKind, ParserBase } from "./parser-base";
import type { Substitutions } from "./substitutions";

/**
 * Condition grammar shared by ConditionExpression, FilterExpression and KeyConditionExpression (developer guide,
 * "Condition and filter expressions, operators, and functions"), with DynamoDB's precedence, from tightest:
 * comparators, IN, BETWEEN, functions, parentheses, NOT, AND, OR.
 */

const COMPARATORS: readonly Comparator[] = ["=", "<>", "<", "<=", ">", ">="];

const FUNCTIONS: Record<ConditionFunction, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
};

const ORDERED_TYPES = new Set(["S", "N", "B"]);
const MAX_IN_OPERANDS = 100;

class ConditionParser extends ParserBase {
  parse(): Condition {
    return this.finish(this.or());
  }

  or(): Condition {
    let left = this.and();
    while (this.atKeyword("OR")) {
      this.next();
      left = { type: "or", left, right: this.and() };
    }
    return left;
  }

  and(): Condition {
    let left = this.not();
    while (this.atKeyword("AND")) {
      this.next();
      left = { type: "and", left, right: this.not() };
    }
    return left;
  }

  not(): Condition {
    if (this.atKeyword("NOT")) {
      this.next();
      return { type: "not", condition: this.not() };
    }
    return this.primary();
  }

  primary(): Condition {
    if (this.atPunct("(")) {
      this.next();
      const inner = this.or();
      this.expectPunct(")");
      return inner;
    }
    if (this.atFunction() && Object.hasOwn(FUNCTIONS, this.peek().text)) return this.functionCall();
    const left = this.operand();
    if (this.atKeyword("BETWEEN")) {
      this.next();
      const low = this.operand();
      this.expectKeyword("AND");
      const high = this.operand();
      this.checkOrdered("BETWEEN", [left, low, high]);
      this.checkBounds(low, high);
      return { type: "between", operand: left, low, high };
    }
    if (this.atKeyword("IN")) {
      this.next();
      this.expectPunct("(");
      const list = [this.operand()];
      while (this.atPunct(",")) {
        this.next();
        list.push(this.operand());
      }
      this.expectPunct(")");
      if (list.length > MAX_IN_OPERANDS) {
        throw this.invalid(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      }
      return { type: "in", operand: left, list };
    }
    const token = this.peek();
    const op = COMPARATORS.find((c) => token.kind === "punct" && token.text === c);
    if (!op) this.syntaxError();
    this.next();
    const right = this.operand();
    if (op !== "=" && op !== "<>") this.checkOrdered(op, [left, right]);
    return { type: "compare", op, left, right };
  }

  functionCall(): Condition {
    const name = this.next().text as ConditionFunction;
    this.expectPunct("(");
    const args = [this.operand()];
    while (this.atPunct(",")) {
      this.next();
      args.push(this.operand());
    }
    this.expectPunct(")");
    if (args.length !== FUNCTIONS[name]) {
      throw this.invalid(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    if (args[0]?.type !== "path") {
      throw this.invalid(`Operator or function requires a document path; operator or function: ${name}`);
    }
    const second = args[1];
    if (name === "attribute_type" && second?.type === "value") {
      const typeName = second.value.S;
      if (typeName === undefined || !(VALUE_TYPES as readonly string[]).includes(typeName)) {
        throw this.invalid(
          `Invalid attribute type name found; type: ${typeName ?? typeOf(second.value)}, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }`,
        );
      }
    }
    if (name === "begins_with" && second?.type === "value" && !["S", "B"].includes(typeOf(second.value))) {
      throw this.incorrectOperand(name, typeOf(second.value));
    }
    return { type: "function", name, args };
  }

  incorrectOperand(operator: string, type: string) {
    return this.invalid(`Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`);
  }

  /** `<`, `<=`, `>`, `>=`, BETWEEN only order strings, numbers and binaries: other literal types are refused. */
  checkOrdered(operator: string, operands: Operand[]): void {
    for (const operand of operands) {
      if (operand.type === "value" && !ORDERED_TYPES.has(typeOf(operand.value))) {
        throw this.incorrectOperand(operator, typeOf(operand.value));
      }
    }
  }

  checkBounds(low: Operand, high: Operand): void {
    if (low.type !== "value" || high.type !== "value") return;
    const order = compareScalars(low.value, high.value);
    if (order !== undefined && order > 0) {
      const show = (operand: typeof low) => `AttributeValue: {${typeOf(operand.value)}:${Object.values(operand.value)[0]}}`;
      throw this.invalid(
        `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${show(low)}, upper bound operand: ${show(high)}`,
      );
    }
  }
}

function parseCondition(kind: ExpressionKind, source: string, substitutions: Substitutions): Condition {
  return new ConditionParser(kind, source, substitutions).parse();
}

export { parseCondition };
