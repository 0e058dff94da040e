export * from "./collect";
export * from "./findings";
export * from "./skew";
export * from "./support";
export * from "./versions";
