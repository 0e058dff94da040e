import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { normaliseValue } from "../attribute-value";
import { validation } from "../errors";

/**
 * ExpressionAttributeNames / ExpressionAttributeValues of one request, shared by all its expressions: DynamoDB rejects
 * malformed keys and values up front, and — after parsing every expression — any entry no expression used.
 */
class Substitutions {
  readonly #names: Map<string, string>;
  readonly #values: Map<string, AttributeValue>;
  readonly #usedNames = new Set<string>();
  readonly #usedValues = new Set<string>();

  constructor(
    names: Record<string, string> | undefined,
    values: Record<string, AttributeValue> | undefined,
    hasExpressions: boolean,
  ) {
    if (names !== undefined) {
      if (!hasExpressions) throw validation("ExpressionAttributeNames can only be specified when using expressions");
      if (Object.keys(names).length === 0) throw validation("ExpressionAttributeNames must not be empty");
      for (const key of Object.keys(names)) {
        if (!/^#[A-Za-z0-9_]+$/.test(key)) {
          throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
        }
      }
    }
    if (values !== undefined) {
      if (!hasExpressions) throw validation("ExpressionAttributeValues can only be specified when using expressions");
      if (Object.keys(values).length === 0) throw validation("ExpressionAttributeValues must not be empty");
    }
    this.#names = new Map(Object.entries(names ?? {}));
    this.#values = new Map();
    for (const [key, value] of Object.entries(values ?? {})) {
      if (!/^:[A-Za-z0-9_]+$/.test(key)) {
        throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
      }
      const normalised = normaliseValue(value);
      if (!normalised.ok) {
        throw validation(`ExpressionAttributeValues contains invalid value: ${normalised.message} for key ${key}`);
      }
      this.#values.set(key, normalised.value);
    }
  }

  name(reference: string): string | undefined {
    const name = this.#names.get(reference);
    if (name !== undefined) this.#usedNames.add(reference);
    return name;
  }

  value(reference: string): AttributeValue | undefined {
    const value = this.#values.get(reference);
    if (value !== undefined) this.#usedValues.add(reference);
    return value;
  }

  /** Fails on entries no expression referred to (checked once all expressions of the request are parsed). */
  assertAllUsed(): void {
    const unusedNames = [...this.#names.keys()].filter((key) => !this.#usedNames.has(key));
    if (unusedNames.length > 0) {
      throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(", ")}}`);
    }
    const unusedValues = [...this.#values.keys()].filter((key) => !this.#usedValues.has(key));
    if (unusedValues.length > 0) {
      throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(", ")}}`);
    }
  }
}

export { Substitutions };
