import {
  InvalidParameterException,
  InvalidRequestException,
  ResourceInUseException,
  ResourceNotFoundException,
} from "@aws-sdk/client-eks";
import { constraintMessage, rangeViolation } from "../core/validation";

/**
 * EKS's errors with the model's HTTP status and the members its responses carry (clusterName, nodegroupName, …).
 * Messages marked "observed" are verbatim from AWS responses quoted in public issues; the others are best effort.
 */
function clusterNotFound(name: string): Error {
  // observed: "No cluster found for name: demo-staging."
  return new ResourceNotFoundException({ message: `No cluster found for name: ${name}.`, clusterName: name, $metadata: { httpStatusCode: 404 } });
}

function nodegroupNotFound(clusterName: string, nodegroupName: string): Error {
  // observed: "No node group found for name: ng-1."
  return new ResourceNotFoundException({
    message: `No node group found for name: ${nodegroupName}.`,
    clusterName,
    nodegroupName,
    $metadata: { httpStatusCode: 404 },
  });
}

function addonNotFound(clusterName: string, addonName: string): Error {
  return new ResourceNotFoundException({
    message: `No addon: ${addonName} found in cluster: ${clusterName}`,
    clusterName,
    addonName,
    $metadata: { httpStatusCode: 404 },
  });
}

function insightNotFound(clusterName: string, id: string): Error {
  return new ResourceNotFoundException({ message: `No insight found with id: ${id}`, clusterName, $metadata: { httpStatusCode: 404 } });
}

function accessEntryNotFound(clusterName: string): Error {
  // observed (AssociateAccessPolicy, 404)
  return new ResourceNotFoundException({
    message: "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.",
    clusterName,
    $metadata: { httpStatusCode: 404 },
  });
}

function accessEntryInUse(clusterName: string): Error {
  // observed: "The specified access entry resource is already in use on this cluster."
  return new ResourceInUseException({
    message: "The specified access entry resource is already in use on this cluster.",
    clusterName,
    $metadata: { httpStatusCode: 409 },
  });
}

function invalidParameter(message: string, clusterName?: string): Error {
  return new InvalidParameterException({ message, ...(clusterName ? { clusterName } : {}), $metadata: { httpStatusCode: 400 } });
}

function invalidRequest(message: string, clusterName?: string): Error {
  return new InvalidRequestException({ message, ...(clusterName ? { clusterName } : {}), $metadata: { httpStatusCode: 400 } });
}

/** Access entries need API or API_AND_CONFIG_MAP authentication (drift.md / drain.md §8.2). */
function authenticationModeRequired(clusterName: string): Error {
  return invalidRequest("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", clusterName);
}

function invalidNextToken(): Error {
  return invalidParameter("The nextToken parameter is invalid.");
}

/** EKS list operations accept maxResults 1..100. */
function checkMaxResults(value: number | undefined): void {
  if (value === undefined) return;
  const violation = rangeViolation(value, 1, 100);
  if (violation) throw invalidParameter(constraintMessage(value, "maxResults", violation));
}

export {
  accessEntryInUse,
  accessEntryNotFound,
  addonNotFound,
  authenticationModeRequired,
  checkMaxResults,
  clusterNotFound,
  insightNotFound,
  invalidNextToken,
  invalidParameter,
  invalidRequest,
  nodegroupNotFound,
};
