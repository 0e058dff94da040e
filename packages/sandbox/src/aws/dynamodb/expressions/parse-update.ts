import { typeOf, type ValueType } from "../attribute-value";
import { type DocumentPath, describePath, type UpdateAction, type UpdateValue } from "./ast";
import { overlaps, ParserBase } from "./parser-base";
import type { Substitutions } from "./substitutions";

/**
 * UpdateExpression grammar (developer guide, "Using update expressions"): up to one each of SET, REMOVE, ADD and DELETE
 * clauses, in any order. SET values are operands, `operand + operand`, `operand - operand`, `if_not_exists(path,
 * value)` and `list_append(a, b)`; ADD takes a number or set value, DELETE a set. No two actions may touch
 * overlapping document paths.
 */

type Clause = "SET" | "REMOVE" | "ADD" | "DELETE";
const CLAUSES: readonly Clause[] = ["SET", "REMOVE", "ADD", "DELETE"];

/** How ADD/DELETE messages name operand types. */
const TYPE_NAMES: Record<ValueType, string> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  SS: "STRING SET",
  NS: "NUMBER SET",
  BS: "BINARY SET",
  M: "MAP",
  L: "LIST",
  NULL: "NULL",
  BOOL: "BOOLEAN",
};

class UpdateParser extends ParserBase {
  parse(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<Clause>();
    while (this.peek().kind !== "eof") {
      const keyword = this.peek();
      const clause = CLAUSES.find((c) => keyword.kind === "name" && keyword.text.toUpperCase() === c);
      if (!clause) this.syntaxError();
      this.next();
      if (seen.has(clause)) throw this.invalid(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      actions.push(this.action(clause));
      while (this.atPunct(",")) {
        this.next();
        actions.push(this.action(clause));
      }
    }
    this.finish(actions);
    this.checkOverlaps(actions);
    return actions;
  }

  action(clause: Clause): UpdateAction {
    const path = this.path();
    if (clause === "REMOVE") return { type: "REMOVE", path };
    if (clause === "SET") {
      this.expectPunct("=");
      return { type: "SET", path, value: this.setValue() };
    }
    const { value } = this.valueRef();
    const type = typeOf(value);
    const allowed = clause === "ADD" ? ["N", "SS", "NS", "BS"] : ["SS", "NS", "BS"];
    if (!allowed.includes(type)) {
      throw this.invalid(`Incorrect operand type for operator or function; operator: ${clause}, operand type: ${TYPE_NAMES[type]}`);
    }
    return { type: clause, path, value };
  }

  setValue(): UpdateValue {
    const left = this.setOperand();
    if (this.atPunct("+") || this.atPunct("-")) {
      const type = this.next().text === "+" ? "plus" : "minus";
      return { type, left, right: this.setOperand() };
    }
    return left;
  }

  setOperand(): UpdateValue {
    if (this.peek().kind === "valueRef") return { type: "value", ...this.valueRef() };
    if (!this.atFunction()) return { type: "path", path: this.path() };
    const name = this.next().text;
    this.expectPunct("(");
    let result: UpdateValue;
    if (name === "if_not_exists") {
      const target = this.setOperand();
      if (target.type !== "path") {
        throw this.invalid("Operator or function requires a document path; operator or function: if_not_exists");
      }
      this.expectPunct(",");
      result = { type: "if_not_exists", path: target.path, fallback: this.setOperand() };
    } else if (name === "list_append") {
      const left = this.setOperand();
      this.expectPunct(",");
      result = { type: "list_append", left, right: this.setOperand() };
    } else if (["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size"].includes(name)) {
      throw this.invalid(`The function is not allowed in an update expression; function: ${name}`);
    } else {
      throw this.invalid(`Invalid function name; function: ${name}`);
    }
    this.expectPunct(")");
    return result;
  }

  checkOverlaps(actions: readonly UpdateAction[]): void {
    const paths: DocumentPath[] = actions.map((action) => action.path);
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const a = paths[i] as DocumentPath;
        const b = paths[j] as DocumentPath;
        if (overlaps(a, b)) {
          throw this.invalid(
            `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${describePath(a)}, path two: ${describePath(b)}`,
          );
        }
      }
    }
  }
}

function parseUpdate(source: string, substitutions: Substitutions): UpdateAction[] {
  return new UpdateParser("UpdateExpression", source, substitutions).parse();
}

export { parseUpdate };
