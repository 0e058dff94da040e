export { createClaims } from "./claims";
export type { Claims } from "./claims";
