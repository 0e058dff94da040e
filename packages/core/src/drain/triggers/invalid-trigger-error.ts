/** What Caretaker drains on, for the person who sent something else. */
const ACCEPTED_TRIGGERS = [
  'EventBridge "EC2 Instance-terminate Lifecycle Action" (aws.autoscaling)',
  'EventBridge "EC2 Spot Instance Interruption Warning", "EC2 Instance Rebalance Recommendation" or "EC2 Instance State-change Notification" (aws.ec2)',
  'EventBridge "AWS Health Event" for EC2 scheduled changes (aws.health)',
  "an Auto Scaling lifecycle hook message sent straight to SQS or SNS, also inside an SNS notification's Message",
  "a manual request { node or instanceId, cluster?, dryRun?, options?, requestId? } by direct invocation",
] as const;

/** Input Caretaker will not act on; nothing has been drained or completed when this is thrown. */
class InvalidTriggerError extends Error {
  override readonly name = "InvalidTriggerError";
  /** One line per problem, each starting with the field it is about ("detail.instance-id: is required"). */
  readonly problems: string[];

  constructor(message: string, problems: string[]) {
    super(message);
    this.problems = problems;
  }
}

/** A recognised kind of input with bad fields: name the kind and every bad field. */
function invalidTrigger(what: string, problems: string[]): InvalidTriggerError {
  return new InvalidTriggerError(`Invalid ${what}: ${problems.join("; ")}. Nothing was drained.`, problems);
}

/** Input of no kind Caretaker knows: say what it looked like and list what is accepted. */
function unrecognisedTrigger(problem: string): InvalidTriggerError {
  return new InvalidTriggerError(
    `Not a drain trigger: ${problem}. Caretaker accepts ${ACCEPTED_TRIGGERS.join("; ")}. Nothing was drained.`,
    [problem],
  );
}

export { ACCEPTED_TRIGGERS, InvalidTriggerError, invalidTrigger, unrecognisedTrigger };
