import { describe, expect, it } from "vitest";
import { createEksToken, stsHostForRegion } from "../../src/eks/token";

/** aws-samples/amazon-k8s-node-drainer tests/drainer/test_handler.py::test_get_bearer_token (drain.md §7.4). */
const NODE_DRAINER_VECTOR =
  "k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1mYWtlJTJGMjAxMTA2MjElMkZldS13ZXN0LTElMkZzdHMlMkZhd3M0X3JlcXVlc3QmWC1BbXotRGF0ZT0yMDExMDYyMVQxODQwMDBaJlgtQW16LUV4cGlyZXM9NjAmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JTNCeC1rOHMtYXdzLWlkJlgtQW16LVNpZ25hdHVyZT1mYWUxNDA5NDA2OGMzYWUzNmE1MTI3NzY3ZmIwMzE4ZmE5ZjhjZmJjNzJmMTg2N2I2ZDY4MGY3OTc1Y2I5YTcw";

function decode(token: string): URL {
  return new URL(Buffer.from(token.slice("k8s-aws-v1.".length), "base64url").toString("utf8"));
}

describe("createEksToken", () => {
  it("reproduces the published node-drainer token vector byte for byte", async () => {
    const { token, expiresAt } = await createEksToken({
      clusterName: "test-cluster",
      region: "eu-west-1",
      credentials: { accessKeyId: "fake", secretAccessKey: "fake" },
      signingDate: new Date("2011-06-21T18:40:00Z"),
    });
    expect(token).toBe(NODE_DRAINER_VECTOR);
    expect(expiresAt.toISOString()).toBe("2011-06-21T18:54:00.000Z");
  });

  it("emits unpadded base64url, as aws-iam-authenticator's RawURLEncoding requires", async () => {
    for (const clusterName of ["a", "ab", "abc", "prod-cluster-with-a-long-name"]) {
      const { token } = await createEksToken({ clusterName, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    }
  });

  it("signs the cluster id header and carries the session token of temporary credentials", async () => {
    const { token } = await createEksToken({
      clusterName: "prod",
      region: "us-west-2",
      credentials: async () => ({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "session/token+value=" }),
    });
    const url = decode(token);
    expect(url.host).toBe("sts.us-west-2.amazonaws.com");
    expect(url.searchParams.get("Action")).toBe("GetCallerIdentity");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host;x-k8s-aws-id");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("session/token+value=");
    // Only the parameters the authenticator whitelists may appear (drain.md §7.2 rule 3).
    const allowed = new Set(["action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders"]);
    for (const key of url.searchParams.keys()) expect(allowed).toContain(key.toLowerCase());
  });

  it("uses the STS host of the region's partition", () => {
    expect(stsHostForRegion("cn-north-1")).toBe("sts.cn-north-1.amazonaws.com.cn");
    expect(stsHostForRegion("us-gov-west-1")).toBe("sts.us-gov-west-1.amazonaws.com");
  });

  it("explains a missing region instead of signing for an empty one", async () => {
    await expect(createEksToken({ clusterName: "prod", region: "", credentials: { accessKeyId: "a", secretAccessKey: "b" } })).rejects.toThrow(/AWS_REGION/);
  });
});
