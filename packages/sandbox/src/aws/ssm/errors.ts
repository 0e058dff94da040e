import { InvalidNextToken, ParameterNotFound, ValidationException } from "@aws-sdk/client-ssm";

/**
 * Parameter Store errors. ParameterNotFound comes back from AWS without a message, which the SDK turns into
 * "UnknownError"; 400 is what SSM's JSON protocol answers (not the 404 of the model's query-compatibility trait).
 */
function parameterNotFound(): Error {
  return new ParameterNotFound({ message: "UnknownError", $metadata: { httpStatusCode: 400 } });
}

function validationException(message: string): Error {
  return new ValidationException({ message, Message: message, $metadata: { httpStatusCode: 400 } });
}

function invalidNextToken(): Error {
  return new InvalidNextToken({ message: "The token isn't valid.", Message: "The token isn't valid.", $metadata: { httpStatusCode: 400 } });
}

export { invalidNextToken, parameterNotFound, validationException };
