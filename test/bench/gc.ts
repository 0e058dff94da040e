import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { gcConfig, runGc } from "@caretaker/core/image-gc/run";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { clockOf } from "../drain/harness";

/**
 * The image GC benchmark: 200 repositories × 500 manifests (480 single-platform images, 10 multi-arch indexes with one
 * child each), 20 % deletable (keep the newest 390 top-level images: the 100 oldest plain images go), 10 ms of latency
 * on every ECR call and a DescribeImages rate limit. The lower bound is what ECR's page sizes force: per repository
 * ⌈images/1000⌉ DescribeImages pages + ⌈deletions/100⌉ BatchDeleteImage calls + ⌈indexes/100⌉ BatchGetImage reads,
 * plus listing the repositories and the pull-through cache rules once.
 */
const REPOSITORIES = 200;
const PLAIN = 480;
const INDEXES = 10;
const MANIFESTS = PLAIN + 2 * INDEXES;
const DELETIONS = 100;
const LATENCY_MS = 10;
const DAY = 86_400_000;

function registry(now: number) {
  return Array.from({ length: REPOSITORIES }, (_, r) => ({
    name: `team-${r % 20}/service-${r}`,
    images: [
      ...Array.from({ length: PLAIN }, (_, i) => ({ tags: i >= DELETIONS ? [`build-${i}`] : [], pushedAt: new Date(now - (PLAIN - i + INDEXES) * DAY), sizeBytes: 40_000_000 })),
      ...Array.from({ length: INDEXES }, (_, i) => ({ kind: "index" as const, tags: [`release-${i}`], pushedAt: new Date(now - (INDEXES - i) * DAY), children: [{ platform: { os: "linux", architecture: "arm64" }, sizeBytes: 40_000_000 }] })),
    ],
  }));
}

function lowerBoundCalls(): number {
  const perRepository = Math.ceil(MANIFESTS / 1000) + Math.ceil(DELETIONS / 100) + Math.ceil(INDEXES / 100);
  return REPOSITORIES * perRepository + Math.ceil(REPOSITORIES / 1000) + 1;
}

async function benchGc(): Promise<void> {
  const now = Date.UTC(2026, 10, 21);
  const sandbox: SandboxAccount = await createSandboxAccount({
    scale: 20,
    start: new Date(now),
    aws: { ecr: { repositories: registry(now), rateLimits: { DescribeImages: { perSecond: 50, burst: 20 } } } },
  });
  const restore = sandbox.useCaretakerCredentials();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  try {
    sandbox.aws.faults.latency("ecr", LATENCY_MS);
    const clock = clockOf(sandbox.clock);
    const realStart = performance.now();
    const simStart = clock.now();
    const report = await runGc(
      { ecr: new ECRClient({}), eks: new EKSClient({}), connect: () => Promise.reject(new Error("no clusters in this benchmark")), clock },
      gcConfig({ enabled: true, clusters: [], rules: { keepNewest: PLAIN - DELETIONS + INDEXES, minAgeDays: 0, protectedTags: [] }, caps: { perRun: 100_000, perRepository: 1000, maxFraction: 0.5 } }),
    );
    const wallMs = clock.now() - simStart;
    const realMs = performance.now() - realStart;
    const calls = sandbox.aws.calls.count("ecr");
    const bound = lowerBoundCalls();
    const expected = REPOSITORIES * DELETIONS;
    if (report.totals.deleted !== expected || report.totals.failed !== 0) throw new Error(`gc benchmark: deleted ${report.totals.deleted} of ${expected}, ${report.totals.failed} failed`);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`gc: ${REPOSITORIES} repositories × ${MANIFESTS} manifests, ${expected} deleted, ${LATENCY_MS} ms latency: ${calls} ECR calls (lower bound ${bound}), ${(wallMs / 1000).toFixed(1)} s simulated (${realMs.toFixed(0)} ms real), peak RSS ${(peakRss / 1_048_576).toFixed(0)} MB`);
    console.log(JSON.stringify({ bench: "gc", calls, lowerBoundCalls: bound, ratio: Number((calls / bound).toFixed(3)), wallMs, peakRssMb: Math.round(peakRss / 1_048_576) }));
  } finally {
    clearInterval(sampler);
    restore();
    await sandbox.stop();
  }
}

export { benchGc };
