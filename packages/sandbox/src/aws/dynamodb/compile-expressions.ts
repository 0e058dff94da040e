import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { SandboxUnsupportedOperationError } from "../core/unsupported";
import type { Condition, DocumentPath, UpdateAction } from "./expressions/ast";
import { parseCondition } from "./expressions/parse-condition";
import { parseProjection } from "./expressions/parse-projection";
import { parseUpdate } from "./expressions/parse-update";
import { Substitutions } from "./expressions/substitutions";

/**
 * Parses all expressions of one request against its shared ExpressionAttributeNames/Values, then enforces that every
 * name and value was used — DynamoDB's checks are per request, not per expression.
 */

interface ExpressionInput {
  ConditionExpression?: string | undefined;
  FilterExpression?: string | undefined;
  KeyConditionExpression?: string | undefined;
  UpdateExpression?: string | undefined;
  ProjectionExpression?: string | undefined;
  ExpressionAttributeNames?: Record<string, string> | undefined;
  ExpressionAttributeValues?: Record<string, AttributeValue> | undefined;
}

interface CompiledExpressions {
  condition?: Condition;
  filter?: Condition;
  keyCondition?: Condition;
  update?: UpdateAction[];
  projection?: DocumentPath[];
}

/** Pre-expression parameters DynamoDB still accepts; the sandbox models only the expression forms. */
const LEGACY_PARAMETERS = [
  "AttributesToGet",
  "AttributeUpdates",
  "Expected",
  "ConditionalOperator",
  "KeyConditions",
  "QueryFilter",
  "ScanFilter",
] as const;

function rejectLegacyParameters(input: object): void {
  for (const parameter of LEGACY_PARAMETERS) {
    if ((input as Record<string, unknown>)[parameter] !== undefined) {
      throw new SandboxUnsupportedOperationError(`the sandbox does not model the legacy parameter ${parameter}; use expressions`);
    }
  }
}

function compileExpressions(input: ExpressionInput): CompiledExpressions {
  rejectLegacyParameters(input);
  const hasExpressions = [
    input.ConditionExpression,
    input.FilterExpression,
    input.KeyConditionExpression,
    input.UpdateExpression,
    input.ProjectionExpression,
  ].some((expression) => expression !== undefined);
  const substitutions = new Substitutions(input.ExpressionAttributeNames, input.ExpressionAttributeValues, hasExpressions);
  const compiled: CompiledExpressions = {};
  if (input.KeyConditionExpression !== undefined) {
    compiled.keyCondition = parseCondition("KeyConditionExpression", input.KeyConditionExpression, substitutions);
  }
  if (input.UpdateExpression !== undefined) compiled.update = parseUpdate(input.UpdateExpression, substitutions);
  if (input.ConditionExpression !== undefined) {
    compiled.condition = parseCondition("ConditionExpression", input.ConditionExpression, substitutions);
  }
  if (input.FilterExpression !== undefined) {
    compiled.filter = parseCondition("FilterExpression", input.FilterExpression, substitutions);
  }
  if (input.ProjectionExpression !== undefined) {
    compiled.projection = parseProjection(input.ProjectionExpression, substitutions);
  }
  substitutions.assertAllUsed();
  return compiled;
}

export { compileExpressions };
export type { CompiledExpressions, ExpressionInput };
