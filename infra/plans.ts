import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { type DrainPlan, planDrain } from "./drain-plan";
import { type DriftPlan, planDrift } from "./drift-plan";
import { type ImageGcPlan, planImageGc } from "./image-gc-plan";

/**
 * Every plan a deploy needs, computed once from the resolved configuration (each throws naming every problem) and
 * handed to the resources and the deployment descriptor. Plain data, no SST globals: tests import this module.
 */
interface CaretakerPlans {
  drain: DrainPlan;
  imageGc: ImageGcPlan;
  drift: DriftPlan;
}

function planCaretaker(config: Pick<ResolvedCaretakerConfig, "clusters" | "autoScalingGroups" | "hook" | "rebalance" | "drain" | "gc" | "drift">): CaretakerPlans {
  return { drain: planDrain(config), imageGc: planImageGc(config), drift: planDrift(config) };
}

export { planCaretaker };
export type { CaretakerPlans };
