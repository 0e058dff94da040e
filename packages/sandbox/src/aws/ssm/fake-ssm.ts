import {
  GetParameterCommand,
  type GetParameterRequest,
  type GetParameterResult,
  GetParametersByPathCommand,
  type GetParametersByPathRequest,
  type GetParametersByPathResult,
  GetParametersCommand,
  type GetParametersRequest,
  type GetParametersResult,
  type Parameter,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { paginate } from "../core/pagination";
import { SandboxUnsupportedOperationError } from "../core/unsupported";
import { constraintMessage, rangeViolation } from "../core/validation";
import type { FakeService, FakeServiceContext } from "../service";
import { invalidNextToken, parameterNotFound, validationException } from "./errors";
import type { SsmParameterSpec, SsmSpec } from "./spec";

interface ParameterRecord {
  name: string;
  value: string;
  type: "String" | "StringList" | "SecureString";
  dataType: string;
  version: number;
  lastModified: number;
}

/** AWS-owned public parameters live under /aws/service and have no account in their ARN. */
function isPublic(name: string): boolean {
  return name.startsWith("/aws/service/");
}

/**
 * Parameter Store reads: GetParameter, GetParameters (unknown names in InvalidParameters) and GetParametersByPath
 * (direct children or recursive, at most 10 per page), over account and public parameters.
 */
class FakeSsm implements FakeService {
  readonly serviceName = "ssm";
  readonly clientClass = SSMClient;
  readonly operations = [
    { name: "GetParameter", command: GetParameterCommand, handle: (input: GetParameterRequest) => this.#get(input) },
    { name: "GetParameters", command: GetParametersCommand, handle: (input: GetParametersRequest) => this.#getMany(input) },
    { name: "GetParametersByPath", command: GetParametersByPathCommand, handle: (input: GetParametersByPathRequest) => this.#byPath(input) },
  ];

  readonly #context: FakeServiceContext;
  readonly #parameters = new Map<string, ParameterRecord>();

  constructor(context: FakeServiceContext, spec: SsmSpec = {}) {
    this.#context = context;
    for (const parameter of spec.parameters ?? []) this.putParameter(parameter);
  }

  /** Creates or overwrites a parameter (an overwrite bumps the version, as PutParameter --overwrite does). */
  putParameter(spec: SsmParameterSpec): void {
    const existing = this.#parameters.get(spec.name);
    this.#parameters.set(spec.name, {
      name: spec.name,
      value: spec.value,
      type: spec.type ?? "String",
      dataType: spec.dataType ?? "text",
      version: spec.version ?? (existing ? existing.version + 1 : 1),
      lastModified: spec.lastModifiedDate === undefined ? this.#context.clock.nowMs() : new Date(spec.lastModifiedDate).getTime(),
    });
  }

  deleteParameter(name: string): void {
    this.#parameters.delete(name);
  }

  #arn(name: string): string {
    const { partition, region, accountId } = this.#context;
    const account = isPublic(name) ? "" : accountId;
    return `arn:${partition}:ssm:${region}:${account}:parameter${name.startsWith("/") ? "" : "/"}${name}`;
  }

  #shape(record: ParameterRecord, withDecryption: boolean | undefined): Parameter {
    // Without decryption a SecureString comes back as its (here: pretend) ciphertext.
    const value = record.type === "SecureString" && !withDecryption ? `AQICAH${Buffer.from(record.value).toString("base64")}` : record.value;
    return {
      Name: record.name,
      Type: record.type,
      Value: value,
      Version: record.version,
      LastModifiedDate: new Date(record.lastModified),
      ARN: this.#arn(record.name),
      DataType: record.dataType,
    };
  }

  #get(input: GetParameterRequest): GetParameterResult {
    const record = this.#parameters.get(input.Name ?? "");
    if (!record) throw parameterNotFound();
    return { Parameter: this.#shape(record, input.WithDecryption) };
  }

  #getMany(input: GetParametersRequest): GetParametersResult {
    const names = input.Names ?? [];
    if (names.length < 1 || names.length > 10) {
      const constraint = names.length < 1 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 10";
      throw validationException(constraintMessage(`[${names.join(", ")}]`, "names", constraint));
    }
    const unique = [...new Set(names)];
    const found = unique.map((name) => this.#parameters.get(name)).filter((r): r is ParameterRecord => r !== undefined);
    return {
      Parameters: found.map((r) => this.#shape(r, input.WithDecryption)),
      InvalidParameters: unique.filter((name) => !this.#parameters.has(name)),
    };
  }

  #byPath(input: GetParametersByPathRequest): GetParametersByPathResult {
    if (input.MaxResults !== undefined) {
      const violation = rangeViolation(input.MaxResults, 1, 10);
      if (violation) throw validationException(constraintMessage(input.MaxResults, "maxResults", violation));
    }
    if (input.ParameterFilters?.length) throw new SandboxUnsupportedOperationError("the sandbox does not model ssm:GetParametersByPath ParameterFilters");
    const path = input.Path ?? "";
    if (!path.startsWith("/")) throw validationException(`The parameter path ${path} is not valid. A path must begin with a forward slash (/).`);
    const prefix = path.endsWith("/") ? path : `${path}/`;
    const matching = [...this.#parameters.values()]
      .filter((r) => r.name.startsWith(prefix) && (input.Recursive || !r.name.slice(prefix.length).includes("/")))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = paginate(matching, (r) => r.name, {
      size: input.MaxResults ?? 10,
      nextToken: input.NextToken,
      scope: `GetParametersByPath:${prefix}:${input.Recursive === true}`,
    });
    if (!page.ok) throw invalidNextToken();
    return { Parameters: page.items.map((r) => this.#shape(r, input.WithDecryption)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }
}

export { FakeSsm };
