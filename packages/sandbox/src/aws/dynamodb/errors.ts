import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";

/**
 * DynamoDB's errors as the SDK surfaces them. ValidationException has no modelled class in the DynamoDB client: it
 * arrives as the service's base exception named "ValidationException" (client fault, HTTP 400).
 */

function validation(message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: "ValidationException",
    $fault: "client",
    message,
    $metadata: { httpStatusCode: 400 },
  });
}

/** Data-plane operations on a table that does not exist (or another account's / region's table). */
function resourceNotFound(): ResourceNotFoundException {
  return new ResourceNotFoundException({ message: "Requested resource not found", $metadata: { httpStatusCode: 400 } });
}

/** With `ReturnValuesOnConditionCheckFailure: ALL_OLD`, `Item` carries the item as it was (if there was one). */
function conditionalCheckFailed(item?: Record<string, AttributeValue>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: "The conditional request failed",
    ...(item ? { Item: item } : {}),
    $metadata: { httpStatusCode: 400 },
  });
}

export { conditionalCheckFailed, resourceNotFound, validation };
