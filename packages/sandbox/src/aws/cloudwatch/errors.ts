import { CloudWatchServiceException, InvalidParameterValueException, MissingRequiredParameterException } from "@aws-sdk/client-cloudwatch";

/**
 * CloudWatch errors. GetMetricData reports its input problems as one ValidationError (no modelled class; the name is
 * the wire code) whose message lists each problem on its own line, e.g. "The value Min for parameter
 * MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic." — AWS's wording as quoted in public reports;
 * the others are the model's.
 */
function validationError(problems: readonly string[]): Error {
  return new CloudWatchServiceException({ name: "ValidationError", $fault: "client", message: problems.join("\n"), $metadata: { httpStatusCode: 400 } });
}

function missingParameter(parameter: string): Error {
  return new MissingRequiredParameterException({ message: `The parameter ${parameter} is required.`, $metadata: { httpStatusCode: 400 } });
}

function invalidParameterValue(message: string): Error {
  return new InvalidParameterValueException({ message, $metadata: { httpStatusCode: 400 } });
}

export { invalidParameterValue, missingParameter, validationError };
