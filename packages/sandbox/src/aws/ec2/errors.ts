import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { queryError } from "../core/query-error";

/** EC2's error codes (none are modelled in the SDK, so they surface as EC2ServiceException named after the code). */
function ec2Error(code: string, message: string, httpStatusCode = 400): Error {
  return queryError(EC2ServiceException, { code, message, httpStatusCode });
}

function instancesNotFound(ids: readonly string[]): Error {
  const message =
    ids.length === 1 ? `The instance ID '${ids[0]}' does not exist` : `The instance IDs '${ids.join(", ")}' do not exist`;
  return ec2Error("InvalidInstanceID.NotFound", message);
}

function malformedInstanceId(id: string): Error {
  return ec2Error("InvalidInstanceID.Malformed", `Invalid id: "${id}" (expecting "i-...")`);
}

function invalidMaxResults(value: number): Error {
  const bound = value < 5 ? "Expecting a value greater than 5." : "Expecting a value less than or equal to 1000.";
  return ec2Error("InvalidParameterValue", `Value ( ${value} ) for parameter maxResults is invalid. ${bound}`);
}

function idsWithMaxResults(): Error {
  return ec2Error("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
}

function invalidFilter(name: string): Error {
  return ec2Error("InvalidParameterValue", `The filter '${name}' is invalid`);
}

function invalidPaginationToken(): Error {
  return ec2Error("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
}

function dryRunSucceeded(): Error {
  return ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
}

export {
  dryRunSucceeded,
  ec2Error,
  idsWithMaxResults,
  instancesNotFound,
  invalidFilter,
  invalidMaxResults,
  invalidPaginationToken,
  malformedInstanceId,
};
