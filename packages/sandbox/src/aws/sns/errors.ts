import { InvalidParameterException, InvalidParameterValueException, NotFoundException } from "@aws-sdk/client-sns";

/**
 * SNS errors. "Topic does not exist", "Invalid parameter: Message too long", "Invalid parameter: Subject" and the
 * message-attribute wordings are AWS's as quoted in public reports; the HTTP statuses are the model's.
 */
function topicNotFound(): Error {
  return new NotFoundException({ message: "Topic does not exist", $metadata: { httpStatusCode: 404 } });
}

function subscriptionNotFound(): Error {
  return new NotFoundException({ message: "Subscription does not exist", $metadata: { httpStatusCode: 404 } });
}

function invalidParameter(message: string): Error {
  return new InvalidParameterException({ message, $metadata: { httpStatusCode: 400 } });
}

function invalidParameterValue(message: string): Error {
  return new InvalidParameterValueException({ message, $metadata: { httpStatusCode: 400 } });
}

export { invalidParameter, invalidParameterValue, subscriptionNotFound, topicNotFound };
