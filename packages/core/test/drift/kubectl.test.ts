import { describe, expect, it } from "vitest";
import { checkKubectl } from "../../src/drift/skew";
import { apiservers, summary, v } from "./fixtures";

describe("checkKubectl: drift.md §4.5 (S6)", () => {
  it.each([
    ["v1.27.16", ["warning kubectl-unsupported kubectl"]],
    ["v1.28.15", []],
    ["v1.29.3", []],
    ["v1.30.4", []],
    ["v1.31.0", ["warning kubectl-unsupported kubectl"]],
  ])("A=1.29: kubectl %s → %j", (kubectl, findings) => {
    // Act
    const result = checkKubectl(v(kubectl), apiservers("1.29"));

    // Assess
    expect(summary(result)).toEqual(findings);
  });

  it.each([
    ["1.29", ["warning kubectl-unsupported kubectl"]],
    ["1.30", []],
    ["1.31", []],
    ["1.32", ["warning kubectl-unsupported kubectl"]],
  ])("apiservers at 1.30 and 1.31: kubectl %s → %j (only N and N-1)", (kubectl, findings) => {
    // Act
    const result = checkKubectl(v(kubectl), apiservers("1.30", "1.31"));

    // Assess
    expect(summary(result)).toEqual(findings);
  });

  it("names the range of kubectl versions to use", () => {
    // Act
    const [finding] = checkKubectl(v("v1.27.16"), apiservers("1.29"));

    // Assess
    expect(finding?.explanation).toBe(
      "kubectl 1.27 is more than one minor version from the control plane (1.29); kubectl is supported within one minor version of kube-apiserver, so 1.28 to 1.30.",
    );
    expect(finding?.nextStep).toBe("Use a kubectl from 1.28 to 1.30 for this cluster.");
  });
});
