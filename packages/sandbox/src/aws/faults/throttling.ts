import { AutoScalingServiceException } from "@aws-sdk/client-auto-scaling";
import { CloudWatchServiceException } from "@aws-sdk/client-cloudwatch";
import { ProvisionedThroughputExceededException, ThrottlingException as DynamoDbThrottlingException } from "@aws-sdk/client-dynamodb";
import { EC2ServiceException } from "@aws-sdk/client-ec2";
import { ECRServiceException } from "@aws-sdk/client-ecr";
import { ThrottlingException as EksThrottlingException } from "@aws-sdk/client-eks";
import { ThrottledException } from "@aws-sdk/client-sns";
import { RequestThrottled } from "@aws-sdk/client-sqs";
import { ThrottlingException as SsmThrottlingException } from "@aws-sdk/client-ssm";
import { queryError } from "../core/query-error";

/**
 * Each service's own throttling error, as the SDK surfaces it: the modelled exception class where the model has one
 * (with the model's HTTP status), otherwise the base ServiceException named after the wire code. All of these names
 * are in the SDK's THROTTLING_ERROR_CODES, so its retry strategy treats them as throttling.
 */
const RATE_EXCEEDED = "Rate exceeded";

/** DynamoDB's control-plane operations throttle with ThrottlingException; item and query operations exceed throughput. */
const DYNAMODB_CONTROL_PLANE = /^(Create|Delete|Describe|List|Update)(Table|Tables|GlobalTable|Backup|Backups|TimeToLive|ContinuousBackups|ContributorInsights|KinesisStreamingDestination|Limits|Endpoints|TableReplicaAutoScaling)$|^TagResource$|^UntagResource$|^ListTagsOfResource$/;

function throttlingError(service: string, operation: string): Error {
  switch (service) {
    case "eks":
      return new EksThrottlingException({ message: RATE_EXCEEDED, $metadata: { httpStatusCode: 429 } });
    case "autoscaling":
      return queryError(AutoScalingServiceException, { code: "Throttling", message: RATE_EXCEEDED, httpStatusCode: 400, type: "Sender" });
    case "ec2":
      // EC2 answers API throttling with HTTP 503, so the SDK classifies the fault as "server".
      return queryError(EC2ServiceException, { code: "RequestLimitExceeded", message: "Request limit exceeded.", httpStatusCode: 503 });
    case "ssm":
      return new SsmThrottlingException({ message: RATE_EXCEEDED, Message: RATE_EXCEEDED, $metadata: { httpStatusCode: 400 } });
    case "sns":
      return new ThrottledException({ message: RATE_EXCEEDED, $metadata: { httpStatusCode: 429 } });
    case "ecr":
      return new ECRServiceException({ name: "ThrottlingException", $fault: "client", message: RATE_EXCEEDED, $metadata: { httpStatusCode: 400 } });
    case "sqs":
      return new RequestThrottled({ message: RATE_EXCEEDED, $metadata: { httpStatusCode: 400 } });
    case "cloudwatch":
      return queryError(CloudWatchServiceException, { code: "Throttling", message: RATE_EXCEEDED, httpStatusCode: 400, type: "Sender" });
    case "dynamodb":
      return DYNAMODB_CONTROL_PLANE.test(operation)
        ? new DynamoDbThrottlingException({ message: "Rate of requests exceeds the allowed throughput.", $metadata: { httpStatusCode: 400 } })
        : new ProvisionedThroughputExceededException({
            message:
              "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
            $metadata: { httpStatusCode: 400 },
          });
    default:
      return Object.assign(new Error(RATE_EXCEEDED), { name: "ThrottlingException", $fault: "client", $metadata: { httpStatusCode: 400 } });
  }
}

export { throttlingError };
