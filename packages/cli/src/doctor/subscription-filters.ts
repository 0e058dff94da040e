import { GetSubscriptionAttributesCommand, type SNSClient, type Subscription } from "@aws-sdk/client-sns";
import { type CheckResult, couldNotCheck } from "./check";

/** AWS Chatbot (Amazon Q Developer in chat applications) subscribes with protocol https to this host. */
const CHATBOT_HOST = "sns-api.chatbot.amazonaws.com";

function isChatbotEndpoint(endpoint: string | undefined): boolean {
  try {
    return new URL(endpoint ?? "").hostname.endsWith(CHATBOT_HOST);
  } catch {
    return false;
  }
}

/** Which of Caretaker's two variants a subscription should take, by what it is; undefined when it is not ours to say. */
function expectedFormat(subscription: Subscription): "chatbot" | "email" | undefined {
  if (subscription.Protocol === "email" || subscription.Protocol === "email-json") return "email";
  if (subscription.Protocol === "https" && isChatbotEndpoint(subscription.Endpoint)) return "chatbot";
  return undefined;
}

/** The `format` values a filter policy lets through; undefined when it does not filter on `format` (everything passes). */
function allowedFormats(filterPolicy: string | undefined): string[] | undefined {
  if (!filterPolicy) return undefined;
  try {
    const formats = (JSON.parse(filterPolicy) as { format?: unknown }).format;
    return Array.isArray(formats) ? formats.filter((value): value is string => typeof value === "string") : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every report is published twice (format=chatbot JSON, format=email text); a subscription without the filter policy
 * for its kind gets both — Chatbot then shows the text variant as an unsupported event and e-mail readers get raw
 * JSON. The Chatbot console creates its subscription without one, so this is the step most often missed.
 */
async function subscriptionFilterChecks(sns: SNSClient, confirmed: readonly Subscription[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const subscription of confirmed) {
    const format = expectedFormat(subscription);
    if (!format || !subscription.SubscriptionArn) continue;
    const name = `${format === "chatbot" ? "Chatbot" : "e-mail"} subscription ${subscription.Endpoint}`;
    let filterPolicy: string | undefined;
    try {
      filterPolicy = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.SubscriptionArn }))).Attributes?.FilterPolicy;
    } catch (error) {
      results.push(couldNotCheck("alerts", name, "sns:GetSubscriptionAttributes", error));
      continue;
    }
    const allowed = allowedFormats(filterPolicy);
    if (allowed?.length === 1 && allowed[0] === format) {
      results.push({ area: "alerts", name, status: "ok", detail: `takes the ${format} variant only (${filterPolicy})` });
      continue;
    }
    const policy = JSON.stringify({ format: [format] });
    results.push({
      area: "alerts",
      name,
      status: "warn",
      detail: `${filterPolicy ? `its filter policy ${filterPolicy}` : "no filter policy"} lets ${allowed ? allowed.join(" and ") : "both variants"} through: ${format === "chatbot" ? "the channel also gets the plain-text e-mail variant of every notification" : "the address also gets the Chatbot JSON of every notification"}`,
      fix: `aws sns set-subscription-attributes --subscription-arn ${subscription.SubscriptionArn} --attribute-name FilterPolicy --attribute-value '${policy}'${filterPolicy ? ` (keep the other keys it has, e.g. severity, next to "format")` : ""}`,
    });
  }
  return results;
}

export { subscriptionFilterChecks };
