import { SNSClient } from "@aws-sdk/client-sns";

/**
 * The SNS client every notifying function shares, built once per Lambda container from the SDK's default chains. In
 * a module of its own so that the alarm function, which only notifies, loads no EKS or Kubernetes client: the path
 * that reports failures should depend on as little as possible.
 */
const sns = new SNSClient({});

export { sns };
