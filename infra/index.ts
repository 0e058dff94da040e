import { createAlerts } from "./alerts";
import { applyFunctionDefaults } from "./functions";
import { createProbe } from "./probe";

interface CaretakerInfraArgs {
  alertEmails: readonly string[];
}

/** Builds the whole Caretaker stack for one account; sst.config.ts only calls this. */
function createCaretaker({ alertEmails }: CaretakerInfraArgs) {
  applyFunctionDefaults();
  const alerts = createAlerts({ emails: alertEmails });
  const probe = createProbe({ alerts });
  return { alertsTopic: alerts.arn, probeFunction: probe.name };
}

export { createCaretaker };
export type { CaretakerInfraArgs };
