/** Declarative CloudWatch state: metric data points to start with. */
interface MetricPointSpec {
  namespace: string;
  metricName: string;
  /** Dimension name → value; a metric is identified by its namespace, name and exact set of dimensions. */
  dimensions?: Record<string, string>;
  value: number;
  /** Default the sandbox clock's time at account creation. */
  timestamp?: Date | string | number;
  /** Default "None". */
  unit?: string;
}

interface CloudWatchSpec {
  metrics?: readonly MetricPointSpec[];
}

export type { CloudWatchSpec, MetricPointSpec };
