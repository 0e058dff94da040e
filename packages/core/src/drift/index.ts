export * from "./skew";
export * from "./support";
export * from "./versions";
