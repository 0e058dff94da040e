/** Counts the ECR requests one execution sends (each of our attempts; the SDK's internal retries are its own). */
interface CallCounter {
  calls: number;
}

export type { CallCounter };
