import { paginateListSubscriptionsByTopic, type SNSClient, type Subscription } from "@aws-sdk/client-sns";
import type { Deployment } from "@caretaker/core/deployment";
import { type CheckResult, couldNotCheck } from "./check";
import { subscriptionFilterChecks } from "./subscription-filters";

const NAME = "alerts topic";
/** What ListSubscriptionsByTopic puts in place of the ARN while an endpoint has not confirmed. */
const PENDING = "PendingConfirmation";

function describe(subscription: Subscription): string {
  return `${subscription.Protocol ?? "?"} ${subscription.Endpoint ?? "?"}`;
}

/**
 * Someone hears Caretaker: the alerts topic has at least one confirmed subscription. E-mail (and HTTP) endpoints must
 * confirm; until they do, SNS delivers nothing to them. Then each Chatbot and e-mail subscription takes only its own
 * variant (subscription-filters.ts).
 */
async function alertsTopicCheck(sns: SNSClient, deployment: Deployment): Promise<CheckResult[]> {
  const topicArn = deployment.alertsTopicArn;
  const subscriptions: Subscription[] = [];
  try {
    for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: topicArn })) subscriptions.push(...(page.Subscriptions ?? []));
  } catch (error) {
    if ((error as Error).name === "NotFoundException") {
      return [{ area: "alerts", name: NAME, status: "fail", detail: `${topicArn} does not exist: every notification fails`, fix: `Redeploy the stage, which recreates it: npx sst deploy --stage ${deployment.stage}` }];
    }
    return [couldNotCheck("alerts", NAME, "sns:ListSubscriptionsByTopic", error)];
  }
  const pending = subscriptions.filter((s) => s.SubscriptionArn === PENDING);
  const confirmed = subscriptions.filter((s) => s.SubscriptionArn !== PENDING);
  const confirmFix = `Confirm the e-mail: open "AWS Notification - Subscription Confirmation" sent to ${pending.map((s) => s.Endpoint).join(", ")} and click "Confirm subscription". The link lasts 3 days; to get a new one, subscribe again (aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint ADDRESS --attributes '{"FilterPolicy":"{\\"format\\":[\\"email\\"]}"}').`;
  if (subscriptions.length === 0) {
    return [
      {
        area: "alerts",
        name: NAME,
        status: "fail",
        detail: `no subscription on ${topicArn}: nobody receives Caretaker's notifications`,
        fix: [
          `E-mail: list the addresses in "notifications": { "emails": [...] } of CARETAKER_CONFIG and redeploy (npx sst deploy --stage ${deployment.stage}), then confirm the e-mail each address gets.`,
          `Slack/Teams: subscribe an AWS Chatbot (Amazon Q Developer in chat applications) channel to ${topicArn} with the filter policy {"format":["chatbot"]}.`,
        ].join("\n"),
      },
    ];
  }
  if (confirmed.length === 0) {
    return [{ area: "alerts", name: NAME, status: "fail", detail: `no confirmed subscription: ${pending.length} pending (${pending.map(describe).join(", ")}), so nobody receives notifications yet`, fix: confirmFix }];
  }
  const filters = await subscriptionFilterChecks(sns, confirmed);
  if (pending.length > 0) {
    return [{ area: "alerts", name: NAME, status: "warn", detail: `${confirmed.length} confirmed (${confirmed.map(describe).join(", ")}), ${pending.length} pending (${pending.map(describe).join(", ")})`, fix: confirmFix }, ...filters];
  }
  return [{ area: "alerts", name: NAME, status: "ok", detail: `${confirmed.length} confirmed subscription(s): ${confirmed.map(describe).join(", ")}` }, ...filters];
}

export { alertsTopicCheck };
