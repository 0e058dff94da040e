import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Deployment } from "@caretaker/core/deployment";
import { type CheckResult, couldNotCheck } from "./check";

const NAME = "drain dead-letter queue";

/** The queue's name from its URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
function queueName(url: string): string {
  return url.split("/").at(-1) ?? url;
}

/**
 * The drain's dead-letter queue is empty. A message there is a trigger (lifecycle action, Spot warning, …) the drain
 * failed on maxReceiveCount times: its node may have gone undrained. All three counts matter — a message being looked
 * at (in flight) or delayed is still there.
 */
async function deadLetterCheck(sqs: SQSClient, deployment: Deployment): Promise<CheckResult[]> {
  const url = deployment.drain.deadLetterQueueUrl;
  let attributes: Record<string, string>;
  try {
    attributes =
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ["QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
          }),
        )
      ).Attributes ?? {};
  } catch (error) {
    if ((error as Error).name === "QueueDoesNotExist") {
      return [
        {
          area: "dead-letters",
          name: NAME,
          status: "fail",
          detail: `${url} does not exist: failed drain triggers have nowhere to go (the stage's descriptor is stale, or the queue was deleted)`,
          fix: `Redeploy the stage, which recreates it: npx sst deploy --stage ${deployment.stage}`,
        },
      ];
    }
    return [couldNotCheck("dead-letters", NAME, "sqs:GetQueueAttributes", error)];
  }
  const count = (name: string) => Number(attributes[name] ?? 0);
  const visible = count("ApproximateNumberOfMessages");
  const inFlight = count("ApproximateNumberOfMessagesNotVisible");
  const delayed = count("ApproximateNumberOfMessagesDelayed");
  const total = visible + inFlight + delayed;
  if (total === 0) return [{ area: "dead-letters", name: NAME, status: "ok", detail: `${queueName(url)} is empty` }];
  const arn = attributes.QueueArn ?? `<the ARN of ${queueName(url)}>`;
  const parts = [`${visible} waiting`, ...(inFlight > 0 ? [`${inFlight} being read`] : []), ...(delayed > 0 ? [`${delayed} delayed`] : [])];
  return [
    {
      area: "dead-letters",
      name: NAME,
      status: "fail",
      detail: `about ${total} message(s) in ${queueName(url)} (${parts.join(", ")}): drain triggers that failed on every delivery, so their nodes may not have been drained`,
      fix: [
        `Read them (they stay in the queue): aws sqs receive-message --queue-url ${url} --max-number-of-messages 10 --visibility-timeout 0 --attribute-names All`,
        `Find why the drain failed: aws logs tail /aws/lambda/${deployment.functions.drain.name} --since 14d --filter-pattern '{ $.level = "ERROR" }'`,
        `Once fixed, send them back to the drain queue: aws sqs start-message-move-task --source-arn ${arn}`,
        "(Lifecycle actions that timed out meanwhile are completed as no-ops when redriven.)",
      ].join("\n"),
    },
  ];
}

export { deadLetterCheck };
