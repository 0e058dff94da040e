import { describe, expect, it, vi } from "vitest";
import { InvalidSupportDataError, readClusterVersionInfo, supportWindow, utcDaysUntil, type VersionSupportDates } from "../../src/drift/support";
import { v } from "./fixtures";

/** Kubernetes 1.29 on EKS: standard support to 2025-03-23, extended to 2026-03-23. */
const K8S_129: VersionSupportDates = {
  version: v("1.29"),
  endOfStandardSupport: new Date("2025-03-23T00:00:00Z"),
  endOfExtendedSupport: new Date("2026-03-23T00:00:00Z"),
};

describe("supportWindow", () => {
  it("counts 20 days left for a cluster 20 days from the end of standard support, at any hour of that day", () => {
    // Act
    const early = supportWindow(K8S_129, "EXTENDED", new Date("2025-03-03T00:00:00Z"));
    const late = supportWindow(K8S_129, "EXTENDED", new Date("2025-03-03T23:59:59.999Z"));

    // Assess
    for (const window of [early, late]) {
      expect(window.phase).toBe("standard");
      expect(window.daysLeft).toBe(20);
      expect(window.daysToEndOfStandardSupport).toBe(20);
      expect(window.daysToEndOfExtendedSupport).toBe(385);
      expect(window.extendedSupportBilling).toBe(false);
    }
  });

  it("ends standard support at 00:00 UTC of its end date, when extended-support billing starts", () => {
    // Act
    const lastSecond = supportWindow(K8S_129, "EXTENDED", new Date("2025-03-22T23:59:59Z"));
    const firstSecond = supportWindow(K8S_129, "EXTENDED", new Date("2025-03-23T00:00:00Z"));

    // Assess
    expect([lastSecond.phase, lastSecond.daysLeft, lastSecond.extendedSupportBilling]).toEqual(["standard", 1, false]);
    expect([firstSecond.phase, firstSecond.daysLeft, firstSecond.extendedSupportBilling]).toEqual(["extended", 365, true]);
  });

  it("schedules the forced upgrade at the end of extended support for EXTENDED clusters, to the next minor", () => {
    // Act
    const window = supportWindow(K8S_129, "EXTENDED", new Date("2025-03-03T12:00:00Z"));

    // Assess
    expect(window.forcedUpgrade).toStrictEqual({
      date: new Date("2026-03-23T00:00:00Z"),
      daysLeft: 385,
      due: false,
      from: v("1.29"),
      target: { major: 1, minor: 30, raw: "1.30" },
    });
  });

  it("schedules the forced upgrade at the end of standard support for STANDARD clusters, which never bill extended support", () => {
    // Act
    const before = supportWindow(K8S_129, "STANDARD", new Date("2025-03-03T12:00:00Z"));
    const on = supportWindow(K8S_129, "STANDARD", new Date("2025-03-23T08:00:00Z"));
    const after = supportWindow(K8S_129, "STANDARD", new Date("2025-03-25T08:00:00Z"));

    // Assess
    expect([before.phase, before.daysLeft, before.forcedUpgrade.date, before.forcedUpgrade.due]).toEqual(["standard", 20, new Date("2025-03-23T00:00:00Z"), false]);
    expect([on.phase, on.daysLeft, on.forcedUpgrade.due, on.extendedSupportBilling]).toEqual(["ended", 0, true, false]);
    expect([after.phase, after.daysLeft, after.forcedUpgrade.daysLeft]).toEqual(["ended", -2, -2]);
  });

  it("treats a cluster without a support type as EXTENDED, the EKS default", () => {
    // Act
    const window = supportWindow(K8S_129, undefined, new Date("2025-03-03T12:00:00Z"));

    // Assess
    expect(window.supportType).toBe("EXTENDED");
    expect(window.forcedUpgrade.date).toEqual(K8S_129.endOfExtendedSupport);
  });

  it("keeps billing an EXTENDED cluster past the end of extended support, while the upgrade is due", () => {
    // Act
    const window = supportWindow(K8S_129, "EXTENDED", new Date("2026-03-30T00:00:00Z"));

    // Assess
    expect([window.phase, window.daysLeft, window.forcedUpgrade.due, window.extendedSupportBilling]).toEqual(["ended", -7, true, true]);
  });

  it("passes EKS's versionStatus through for reports without letting it decide the phase", () => {
    // Act
    const window = supportWindow({ ...K8S_129, versionStatus: "STANDARD_SUPPORT" }, "EXTENDED", new Date("2025-04-01T00:00:00Z"));

    // Assess
    expect([window.phase, window.versionStatus]).toEqual(["extended", "STANDARD_SUPPORT"]);
  });
});

describe("utcDaysUntil", () => {
  it("counts the leap day like any other day", () => {
    // Prepare
    const endOfFebruary2024 = new Date("2024-03-01T00:00:00Z");
    const leapDay2028 = new Date("2028-02-29T00:00:00Z");

    // Act
    const days = [
      utcDaysUntil(endOfFebruary2024, new Date("2024-02-28T12:00:00Z")),
      utcDaysUntil(endOfFebruary2024, new Date("2024-02-29T00:00:00Z")),
      utcDaysUntil(endOfFebruary2024, new Date("2024-02-29T23:59:59Z")),
      utcDaysUntil(leapDay2028, new Date("2027-02-28T18:00:00Z")),
      utcDaysUntil(leapDay2028, new Date("2027-03-01T06:00:00Z")),
      utcDaysUntil(new Date("2025-03-01T00:00:00Z"), new Date("2025-02-28T00:00:00Z")),
    ];

    // Assess
    expect(days).toEqual([2, 1, 1, 366, 365, 1]);
  });

  it("counts UTC days whatever offset the instant was written with", () => {
    // Prepare
    const end = new Date("2025-03-23T00:00:00Z");

    // Act
    const days = [
      utcDaysUntil(end, new Date("2025-03-03T21:00:00-05:00")), // 2025-03-04 02:00 UTC
      utcDaysUntil(end, new Date("2025-03-03T08:00:00+09:00")), // 2025-03-02 23:00 UTC
      utcDaysUntil(new Date("2025-03-23T00:00:00+14:00"), new Date("2025-03-03T12:00:00Z")), // ends 2025-03-22 10:00 UTC
    ];

    // Assess
    expect(days).toEqual([19, 21, 19]);
  });

  it.each([
    ["Pacific/Kiritimati", "2025-03-03T23:30:00Z", 20],
    ["Asia/Kolkata", "2025-03-03T23:30:00Z", 20],
    ["America/Los_Angeles", "2025-03-04T02:00:00Z", 19],
  ])("gives the UTC answer when the host runs in %s", (zone, instant, days) => {
    // Prepare
    vi.stubEnv("TZ", zone);
    const now = new Date(instant);
    const utcDate = now.getUTCDate();

    // Act
    const window = supportWindow(K8S_129, "EXTENDED", now);

    // Assess
    expect(now.getDate()).not.toBe(utcDate); // the stub took effect: local time is another calendar day
    expect(window.daysToEndOfStandardSupport).toBe(days);
  });
});

/** The problems of the InvalidSupportDataError `attempt` throws; fails the test if it throws nothing or something else. */
function problemsOf(attempt: () => unknown): readonly string[] {
  try {
    attempt();
  } catch (error) {
    if (error instanceof InvalidSupportDataError) return error.problems;
    throw error;
  }
  throw new Error("expected an InvalidSupportDataError");
}

describe("readClusterVersionInfo", () => {
  it("reads DescribeClusterVersions output as the SDK returns it", () => {
    // Prepare
    const info = {
      clusterVersion: "1.29",
      clusterType: "eks",
      defaultPlatformVersion: "eks.23",
      defaultVersion: false,
      releaseDate: new Date("2024-01-23T00:00:00Z"),
      endOfStandardSupportDate: new Date("2025-03-23T00:00:00Z"),
      endOfExtendedSupportDate: new Date("2026-03-23T00:00:00Z"),
      status: "extended-support",
      versionStatus: "EXTENDED_SUPPORT",
      kubernetesPatchVersion: "1.29.15",
    };

    // Act
    const dates = readClusterVersionInfo(info);

    // Assess
    expect(dates).toStrictEqual({ ...K8S_129, versionStatus: "EXTENDED_SUPPORT" });
  });

  it("reads the JSON form with ISO 8601 timestamps", () => {
    // Act
    const dates = readClusterVersionInfo({ clusterVersion: "1.29", endOfStandardSupportDate: "2025-03-23T00:00:00Z", endOfExtendedSupportDate: "2026-03-23T00:00:00.000+00:00" });

    // Assess
    expect(dates).toStrictEqual(K8S_129);
  });

  it("lists every missing or malformed field at once", () => {
    // Act
    const problems = problemsOf(() => readClusterVersionInfo({ clusterVersion: 1.29, endOfStandardSupportDate: "23 March 2025" }));

    // Assess
    expect(problems).toEqual([
      'clusterVersion: must be a string such as "1.30"',
      "endOfStandardSupportDate: must be a Date or an ISO 8601 timestamp with a time zone",
      "endOfExtendedSupportDate: must be a Date or an ISO 8601 timestamp with a time zone",
    ]);
  });

  it("refuses an unparseable version and extended support ending before standard support", () => {
    // Act
    const attempt = () =>
      readClusterVersionInfo({ clusterVersion: "125", endOfStandardSupportDate: new Date("2025-03-23T00:00:00Z"), endOfExtendedSupportDate: new Date("2025-03-22T00:00:00Z") });

    // Assess
    expect(attempt).toThrow(/clusterVersion: expected \[v\]MAJOR\.MINOR.*; endOfExtendedSupportDate: is before endOfStandardSupportDate/);
  });

  it("refuses an invalid Date object", () => {
    // Act
    const attempt = () => readClusterVersionInfo({ clusterVersion: "1.29", endOfStandardSupportDate: new Date("nope"), endOfExtendedSupportDate: new Date("2026-03-23T00:00:00Z") });

    // Assess
    expect(attempt).toThrow("endOfStandardSupportDate: must be a Date or an ISO 8601 timestamp with a time zone");
  });
});
