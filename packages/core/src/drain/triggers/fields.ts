import { z } from "zod";

/** EC2 instance ids are "i-" and 8 (older) or 17 lowercase hex digits. */
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

const requiredString = () => z.string().min(1);

/** Checked even in AWS events: the id goes into EC2 and Auto Scaling calls, and a bad one should fail here, named. */
const instanceId = () => z.string().regex(INSTANCE_ID, 'must be an EC2 instance id such as "i-0123456789abcdef0" ("i-" and 8 or 17 hex digits)');

/** Fields AWS sometimes sends as null (NotificationMetadata) read as absent. */
const optionalString = () =>
  z
    .string()
    .nullish()
    .transform((value) => value ?? undefined);

/** Object spread that leaves out absent values, so results carry no `key: undefined`. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export { defined, INSTANCE_ID, instanceId, optionalString, requiredString };
