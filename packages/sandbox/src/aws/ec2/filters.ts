import type { Filter } from "@aws-sdk/client-ec2";
import { invalidFilter } from "./errors";
import { globMatches } from "./glob";
import { type Ec2InstanceRecord, STATE_CODES } from "./instance";

/**
 * DescribeInstances filters the sandbox supports: values of one filter are OR-ed, filters are AND-ed, values may use
 * `*` / `?` wildcards. Each extractor gives the instance's values for a filter name (none = never matches).
 */
type Extractor = (record: Ec2InstanceRecord) => string[];

const EXTRACTORS: Record<string, Extractor> = {
  "instance-id": (r) => [r.id],
  "instance-state-name": (r) => [r.state],
  "instance-state-code": (r) => [String(STATE_CODES[r.state])],
  "instance-type": (r) => [r.instanceType],
  "instance-lifecycle": (r) => (r.lifecycle === "spot" ? ["spot"] : []),
  "private-dns-name": (r) => (r.state === "terminated" ? [] : [r.privateDnsName]),
  "private-ip-address": (r) => (r.state === "terminated" ? [] : [r.privateIpAddress]),
  "availability-zone": (r) => [r.availabilityZone],
  "image-id": (r) => [r.imageId],
  "vpc-id": (r) => [r.vpcId],
  "subnet-id": (r) => [r.subnetId],
  "reservation-id": (r) => [r.reservationId],
  "owner-id": (r) => [r.ownerId],
  "tag-key": (r) => Object.keys(r.tags),
  "tag-value": (r) => Object.values(r.tags),
};

function extractorFor(name: string): Extractor {
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return (r) => (key in r.tags ? [r.tags[key] as string] : []);
  }
  const extractor = EXTRACTORS[name];
  if (!extractor) throw invalidFilter(name);
  return extractor;
}

/** A predicate for the request's filters; throws EC2's error for an unknown filter name. */
function instanceFilter(filters: readonly Filter[] | undefined): (record: Ec2InstanceRecord) => boolean {
  const compiled = (filters ?? []).map((filter) => {
    const extract = extractorFor(filter.Name ?? "");
    const patterns = filter.Values ?? [];
    return (record: Ec2InstanceRecord) => extract(record).some((value) => patterns.some((p) => globMatches(p, value)));
  });
  return (record) => compiled.every((test) => test(record));
}

export { instanceFilter };
