export { applyCaps, capPlan } from "./caps";
export type { GcCaps } from "./caps";
export { planRepository } from "./plan-repository";
export type { Action, GcRules, ImageDecision, RepositoryPlan } from "./plan-repository";
