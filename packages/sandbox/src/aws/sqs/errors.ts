import {
  InvalidAttributeName,
  InvalidAttributeValue,
  InvalidMessageContents,
  MessageNotInflight,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ResourceNotFoundException,
  SQSServiceException,
} from "@aws-sdk/client-sqs";

/**
 * SQS errors as the SDK surfaces them over SQS's JSON protocol (query-compatible: the error name is the legacy query
 * code where the model has no class, e.g. InvalidParameterValue, MissingParameter). Wordings follow AWS's answers as
 * quoted in public reports; where none was found they are the model's.
 */
function queueDoesNotExist(): Error {
  return new QueueDoesNotExist({ message: "The specified queue does not exist.", $metadata: { httpStatusCode: 400 } });
}

function invalidAttributeName(name: string): Error {
  return new InvalidAttributeName({ message: `Unknown Attribute ${name}.`, $metadata: { httpStatusCode: 400 } });
}

function invalidAttributeValue(name: string, reason?: string): Error {
  return new InvalidAttributeValue({ message: `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ""}`, $metadata: { httpStatusCode: 400 } });
}

/** "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided." */
function invalidParameterValue(message: string): Error {
  return new SQSServiceException({ name: "InvalidParameterValue", $fault: "client", message, $metadata: { httpStatusCode: 400 } });
}

function invalidMessageContents(character: string): Error {
  const code = `#x${(character.codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
  return new InvalidMessageContents({
    message: `Invalid binary character '${code}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    $metadata: { httpStatusCode: 400 },
  });
}

function missingParameter(parameter: string): Error {
  return new SQSServiceException({ name: "MissingParameter", $fault: "client", message: `The request must contain the parameter ${parameter}.`, $metadata: { httpStatusCode: 400 } });
}

function receiptHandleIsInvalid(handle: string): Error {
  return new ReceiptHandleIsInvalid({ message: `The input receipt handle "${handle}" is not a valid receipt handle.`, $metadata: { httpStatusCode: 400 } });
}

function messageNotInflight(): Error {
  return new MessageNotInflight({ message: "The message referred to isn't in flight.", $metadata: { httpStatusCode: 400 } });
}

function queueNameExists(attribute: string): Error {
  return new QueueNameExists({ message: `A queue already exists with the same name and a different value for attribute ${attribute}`, $metadata: { httpStatusCode: 400 } });
}

function resourceNotFound(message: string): Error {
  return new ResourceNotFoundException({ message, $metadata: { httpStatusCode: 400 } });
}

export {
  invalidAttributeName,
  invalidAttributeValue,
  invalidMessageContents,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
  resourceNotFound,
};
