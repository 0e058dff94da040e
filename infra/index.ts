import { createAlerts } from "./alerts";
import type { CaretakerConfig } from "./caretaker-config";
import { createDrain } from "./drain";
import { createDrift } from "./drift";
import { planDrift } from "./drift-plan";
import { planDrain } from "./drain-plan";
import { applyFunctionDefaults } from "./functions";
import { createImageGc } from "./image-gc";
import { planImageGc } from "./image-gc-plan";
import { createProbe } from "./probe";
import { createState } from "./state";

interface CaretakerInfraArgs {
  alertEmails: readonly string[];
  /** Parsed CARETAKER_CONFIG (see caretaker-config.ts); empty deploys the functions with nothing routed to them. */
  config: CaretakerConfig;
}

/** Builds the whole Caretaker stack for one account; sst.config.ts only calls this. */
function createCaretaker({ alertEmails, config }: CaretakerInfraArgs) {
  // Checked before the first resource is declared, so a bad configuration deploys nothing at all.
  planDrain(config);
  planImageGc(config);
  planDrift(config);
  applyFunctionDefaults();
  const alerts = createAlerts({ emails: alertEmails });
  const state = createState();
  const probe = createProbe({ alerts });
  const drain = createDrain({ alerts, state, config });
  const imageGc = createImageGc({ alerts, config });
  const drift = createDrift({ alerts, state, config });
  return {
    alertsTopic: alerts.arn,
    stateTable: state.name,
    probeFunction: probe.name,
    drainFunction: drain.function.name,
    drainQueue: drain.queue.url,
    drainDeadLetterQueue: drain.deadLetters.url,
    /** Set CARETAKER_GC_FUNCTION to this for `caretaker gc --remote`. */
    imageGcFunction: imageGc.function.name,
    driftFunction: drift.function.name,
  };
}

export { parseCaretakerConfig } from "./caretaker-config";
export { createCaretaker };
export type { CaretakerInfraArgs };
