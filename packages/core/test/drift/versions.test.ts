import { describe, expect, it } from "vitest";
import {
  compareMinor,
  InvalidKubeVersionError,
  minorDistance,
  minorVersion,
  nextMinor,
  parseKubeVersion,
  safeParseKubeVersion,
} from "../../src/drift/versions";
import { v } from "./fixtures";

describe("parseKubeVersion: drift.md §4.1 vectors", () => {
  it.each([
    ["v1.20.7-eks-123456", 20],
    ["1.30", 30],
    ["v1.30.0-eks-12345", 30],
    ["1.25.3", 25],
    ["v1.29.3-eks-ae9a62a", 29],
  ])("reads minor %s → %i", (text, minor) => {
    // Act
    const version = parseKubeVersion(text);

    // Assess
    expect(version.minor).toBe(minor);
    expect(version.major).toBe(1);
  });

  it.each([
    ["125", 'expected [v]MAJOR.MINOR[.PATCH] with an optional "-…" or "+…" suffix, e.g. "1.30" or "v1.29.3-eks-ae9a62a"'],
    ["", "it is empty"],
  ])("rejects %j with the reason", (text, reason) => {
    // Act
    const result = safeParseKubeVersion(text);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(InvalidKubeVersionError);
    expect(result.error.input).toBe(text);
    expect(result.error.reason).toBe(reason);
  });
});

describe("parseKubeVersion", () => {
  it.each([
    ["v1.29.3-eks-ae9a62a", { major: 1, minor: 29, patch: 3, raw: "v1.29.3-eks-ae9a62a", suffix: "-eks-ae9a62a" }],
    ["1.30", { major: 1, minor: 30, raw: "1.30" }],
    ["v1.31.0", { major: 1, minor: 31, patch: 0, raw: "v1.31.0" }],
    ["1.28.15-eks-aeac579", { major: 1, minor: 28, patch: 15, raw: "1.28.15-eks-aeac579", suffix: "-eks-aeac579" }],
    ["v1.29.3+k3s1", { major: 1, minor: 29, patch: 3, raw: "v1.29.3+k3s1", suffix: "+k3s1" }],
    ["v1.29.0-minimal-eksbuild.1", { major: 1, minor: 29, patch: 0, raw: "v1.29.0-minimal-eksbuild.1", suffix: "-minimal-eksbuild.1" }],
    ["v1.32.0-rc.1+build.7", { major: 1, minor: 32, patch: 0, raw: "v1.32.0-rc.1+build.7", suffix: "-rc.1+build.7" }],
  ])("reads every part of %s and keeps the text as given", (text, expected) => {
    // Act
    const version = parseKubeVersion(text);

    // Assess
    expect(version).toStrictEqual(expected);
  });

  it("ignores surrounding whitespace but keeps the raw text", () => {
    // Act
    const version = parseKubeVersion(" 1.30\n");

    // Assess
    expect(version).toStrictEqual({ major: 1, minor: 30, raw: " 1.30\n" });
  });

  it.each([
    ["v1", "expected [v]MAJOR.MINOR"],
    ["1.30.", "expected [v]MAJOR.MINOR"],
    ["1.30.3.4", "expected [v]MAJOR.MINOR"],
    ["V1.30", "expected [v]MAJOR.MINOR"],
    ["1.030", "expected [v]MAJOR.MINOR"],
    ["v1.29.3-", "expected [v]MAJOR.MINOR"],
    ["v1.29.3 -eks", "expected [v]MAJOR.MINOR"],
    ["1.x", "expected [v]MAJOR.MINOR"],
    ["   ", "it is empty"],
    ["2.0", "major version 2 is not 1; the skew rules are defined for Kubernetes 1.x only"],
    ["0.30", "major version 0 is not 1"],
  ])("refuses %j", (text, reason) => {
    // Act
    const result = safeParseKubeVersion(text);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error.reason).toContain(reason);
  });

  it("says what arrived when the value is not a string at all", () => {
    // Act
    const result = safeParseKubeVersion(undefined as unknown as string);
    const fromNull = safeParseKubeVersion(null as unknown as string);

    // Assess
    expect(result.ok ? "" : result.error.reason).toBe("expected a string, got undefined");
    expect(fromNull.ok ? "" : fromNull.error.reason).toBe("expected a string, got null");
  });

  it("throws an InvalidKubeVersionError that quotes the input and the reason", () => {
    // Act
    const attempt = () => parseKubeVersion("125");

    // Assess
    expect(attempt).toThrow(InvalidKubeVersionError);
    expect(attempt).toThrow('Invalid Kubernetes version "125": expected [v]MAJOR.MINOR[.PATCH]');
  });
});

describe("compareMinor and minorDistance", () => {
  it("ignores patches and suffixes (S7)", () => {
    // Act
    const order = compareMinor(v("v1.30.2-eks-1234567"), v("1.30"));
    const distance = minorDistance(v("v1.30.9"), v("1.30.0"));

    // Assess
    expect(order).toBe(0);
    expect(distance).toBe(0);
  });

  it("orders by minor and sorts a list of versions", () => {
    // Prepare
    const versions = ["v1.31.0", "1.28.15-eks-aeac579", "1.30", "v1.29.3+k3s1"].map(v);

    // Act
    const sorted = [...versions].sort(compareMinor).map((version) => version.raw);

    // Assess
    expect(compareMinor(v("1.29"), v("1.30"))).toBe(-1);
    expect(compareMinor(v("1.31"), v("1.30"))).toBe(1);
    expect(sorted).toEqual(["1.28.15-eks-aeac579", "v1.29.3+k3s1", "1.30", "v1.31.0"]);
  });

  it("counts minors apart in either direction", () => {
    // Act
    const distances = [minorDistance(v("1.27"), v("1.30")), minorDistance(v("1.30"), v("1.27"))];

    // Assess
    expect(distances).toEqual([3, 3]);
  });

  it("refuses to count minors across major versions written by hand", () => {
    // Act
    const attempt = () => minorDistance(minorVersion(1, 30), minorVersion(2, 0));

    // Assess
    expect(attempt).toThrow(RangeError);
  });

  it("steps one minor up from a patch version to a minor-only version", () => {
    // Act
    const next = nextMinor(v("v1.30.4-eks-1234567"));

    // Assess
    expect(next).toStrictEqual({ major: 1, minor: 31, raw: "1.31" });
  });
});
