export { caretakerConfig, CaretakerConfigError, configProblems } from "./problems";
export { CaretakerConfigSchema, CONFIG_DEFAULTS, REBALANCE_MODES } from "./schema";
export type { CaretakerConfig, CaretakerConfigInput, ResolvedCaretakerConfig } from "./schema";
