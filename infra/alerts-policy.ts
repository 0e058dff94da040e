/**
 * The Alerts topic's resource policy, as plain data over any ARN type (strings in tests, Pulumi outputs in infra).
 *
 * - Only Caretaker publishes: its function roles and the alarm fallback's role are allowed sns:Publish, and an
 *   explicit Deny refuses it to every other principal, whatever their own IAM policies grant (an account admin, an
 *   AWS service, another account). Nobody can make Caretaker's channel say something Caretaker did not say.
 * - The account keeps managing the topic: the actions of SNS's default topic policy except Publish, granted to the
 *   account (so its IAM policies decide who), including Subscribe for Chatbot and e-mail subscriptions.
 * - No public access: no statement allows a principal outside the account.
 *
 * No AWS service needs to publish: alarms reach the topic through the alarm function or the fallback workflow, both
 * IAM roles, never as a CloudWatch alarm action (infra/alarms-plan.ts says why).
 */

interface AlertsPolicyArns<R> {
  topic: R;
  /** `arn:<partition>:iam::<account>:root`: the account, whose IAM policies then decide. */
  account: R;
  /** The roles that may publish: every Caretaker function's and the alarm fallback workflow's. */
  publishers: readonly R[];
}

/** SNS's default topic policy grants the owner these and sns:Publish; Publish is what Caretaker keeps to itself. */
const OWNER_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
];

function alertsTopicPolicy<R>({ topic, account, publishers }: AlertsPolicyArns<R>) {
  if (publishers.length === 0) throw new Error("The alerts topic policy needs at least one publisher");
  return {
    Version: "2012-10-17",
    Id: "CaretakerAlerts",
    Statement: [
      { Sid: "AccountManages", Effect: "Allow", Principal: { AWS: account }, Action: [...OWNER_ACTIONS], Resource: topic },
      { Sid: "CaretakerPublishes", Effect: "Allow", Principal: { AWS: [...publishers] }, Action: "sns:Publish", Resource: topic },
      {
        Sid: "OnlyCaretakerPublishes",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: topic,
        // A request without aws:PrincipalArn (an AWS service) matches a negated operator too, so it is denied as well.
        Condition: { ArnNotEquals: { "aws:PrincipalArn": [...publishers] } },
      },
    ],
  };
}

export { alertsTopicPolicy, OWNER_ACTIONS };
export type { AlertsPolicyArns };
