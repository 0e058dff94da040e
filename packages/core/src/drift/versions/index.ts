export { compareMinor, minorDistance, nextMinor, signedMinors } from "./compare";
export { InvalidKubeVersionError } from "./invalid-kube-version-error";
export { formatMinor, minorVersion } from "./kube-version";
export type { KubeVersion } from "./kube-version";
export { parseKubeVersion, safeParseKubeVersion } from "./parse";
export type { KubeVersionParse } from "./parse";
