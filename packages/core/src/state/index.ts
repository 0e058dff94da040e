export { createClaims } from "./claims";
export type { Claims } from "./claims";
export { createCursor } from "./cursor";
export type { Cursor } from "./cursor";
