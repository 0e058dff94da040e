import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/** Service name on every log line and metric; POWERTOOLS_SERVICE_NAME overrides it. */
const SERVICE_NAME = "caretaker";
/** CloudWatch namespace of Caretaker's EMF metrics; POWERTOOLS_METRICS_NAMESPACE overrides it. */
const METRICS_NAMESPACE = "Caretaker";

/** One logger for all handlers in a bundle, so keys appended by core code reach every line of an invocation. */
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });

export { logger, metrics, SERVICE_NAME, METRICS_NAMESPACE };
