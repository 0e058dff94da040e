/**
 * Settings every Caretaker function shares, applied with `$transform` so no function can forget them: the Lambda
 * runtime the code is built for, JSON logs that match Powertools, bounded log retention, and no async retries
 * (each handler decides how it is retried: SQS redrive for drains, the scheduler's policy for GC and drift).
 */
function applyFunctionDefaults(): void {
  $transform(sst.aws.Function, (args) => {
    args.runtime ??= "nodejs24.x";
    args.architecture ??= "arm64";
    args.logging ??= { format: "json", retention: "1 month" };
    args.retries ??= 0;
    args.environment = $resolve([args.environment ?? {}]).apply(([environment]) => ({
      POWERTOOLS_SERVICE_NAME: "caretaker",
      POWERTOOLS_METRICS_NAMESPACE: "Caretaker",
      NODE_OPTIONS: "--enable-source-maps",
      ...environment,
    }));
  });
}

/** Caretaker's four functions (not the alarm function), as infra/index.ts wires them into alarms and the descriptor. */
interface CaretakerFunctions {
  drain: sst.aws.Function;
  imageGc: sst.aws.Function;
  drift: sst.aws.Function;
  probe: sst.aws.Function;
}

export { applyFunctionDefaults };
export type { CaretakerFunctions };
