// Its own entry point, not part of `state`: functions' IAM is derived from the SDK commands their imports reach, and
// the drain (which imports `state` for claims) must not appear to read items.
export { createCursor } from "./cursor";
export type { Cursor } from "./cursor";
