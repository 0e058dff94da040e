export { inventoryRepository } from "./inventory";
export type { InventoryImage, RepositoryInventory } from "./inventory";
export { classify } from "./media-types";
export type { ImageKind } from "./media-types";
export { selectRepositories } from "./repositories";
export type { RepositorySelection, SelectedRepositories } from "./repositories";
