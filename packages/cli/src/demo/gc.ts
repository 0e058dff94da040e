import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { SNSClient } from "@aws-sdk/client-sns";
import type { Clock } from "@caretaker/core/clock";
import type { ClusterConnector } from "@caretaker/core/eks";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import { gcConfig, type GcConfigInput, type GcRunReport, runGc } from "@caretaker/core/image-gc/run";
import { createNotifier } from "@caretaker/core/notify";
import type { SandboxAccount } from "@caretaker/sandbox";
import { applyRbacAsAdmin } from "./apply-rbac";
import type { CliIo } from "../io";
import { renderTable } from "../table";

/** The demo's rules: keep the two newest images of each repository, and nothing younger than two weeks. */
const DEMO_RULES: GcConfigInput["rules"] = { keepNewest: 2, minAgeDays: 14 };

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(0)} MB`;
}

function repositoryTable(report: GcRunReport): string {
  return renderTable(
    ["repository", "images", "kept (why)", report.dryRun ? "would delete" : "deleted", "reclaimed"],
    report.repositories.map((repository) => [
      repository.repository,
      String(repository.scanned),
      Object.entries(repository.protectedByReason)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(", ") || "-",
      report.dryRun ? String(repository.candidates) : `${repository.deleted}${repository.failed ? ` (${repository.failed} failed)` : ""}`,
      report.dryRun ? "-" : megabytes(repository.bytesReclaimed),
    ]),
  );
}

/** Every image digest a pod of any cluster runs right now (from the pods' status imageIDs), by repository. */
function runningImages(sandbox: SandboxAccount): Array<{ repository: string; digest: string }> {
  const found: Array<{ repository: string; digest: string }> = [];
  const pattern = new RegExp(`^${sandbox.aws.accountId}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/([^@]+)@(sha256:[0-9a-f]{64})$`);
  for (const cluster of Object.values(sandbox.clusters)) {
    for (const pod of cluster.list("v1", "Pod")) {
      for (const status of (pod.status as { containerStatuses?: Array<{ imageID?: string }> }).containerStatuses ?? []) {
        const match = pattern.exec(status.imageID ?? "");
        if (match?.[1] && match[2]) found.push({ repository: match[1], digest: match[2] });
      }
    }
  }
  return found;
}

/**
 * The demo's image GC: scan both clusters for the images their workloads use (fail closed), plan per digest with
 * reasons — deletion is off by default, so the first run only plans — then the same run with deletion enabled, a
 * check that every image a pod runs survived, and the notification.
 */
async function demoGc(io: CliIo, sandbox: SandboxAccount, clock: Clock, clusters: ClusterConnector): Promise<boolean> {
  await applyRbacAsAdmin(sandbox, Object.keys(sandbox.clusters), imageScannerRbac());
  const topicArn = `arn:aws:sns:${sandbox.aws.region}:${sandbox.aws.accountId}:caretaker-alerts`;
  const deps = { ecr: new ECRClient({}), eks: new EKSClient({}), connect: (name: string) => clusters.connect(name), clock, notifier: createNotifier({ sns: new SNSClient({}), topicArn }) };

  const plan = await runGc(deps, gcConfig({ rules: DEMO_RULES }));
  io.out(`Scanned ${plan.clusters.map((cluster) => `${cluster.cluster} (${cluster.uses} image uses${cluster.complete ? "" : ", INCOMPLETE"})`).join(" and ")}; rules: keep the 2 newest, nothing younger than 14 days, never "latest".`);
  io.out(`Pull-through cache repositories left alone: ${plan.skippedRepositories.map((skipped) => skipped.repository).join(", ") || "none"}.`);
  io.out("Plan (deletion is off until `enabled: true`):");
  io.out(repositoryTable(plan));

  const applied = await runGc(deps, gcConfig({ enabled: true, rules: DEMO_RULES }));
  io.out("\nThe same run with deletion enabled:");
  io.out(repositoryTable(applied));
  const running = runningImages(sandbox);
  const lost = running.filter((image) => !sandbox.aws.ecr.exists(image.repository, image.digest));
  io.out(`Images running in the clusters: ${running.length} pod containers, ${lost.length} of their images deleted.`);
  const email = sandbox.aws.sns.published("caretaker-alerts").filter((message) => message.attributes.format === "email").at(-1);
  if (email) io.out(`\nThe notification (e-mail variant):\nSubject: ${email.subject}\n\n${email.message}`);
  return lost.length === 0 && applied.totals.failed === 0 && applied.totals.deleted > 0;
}

export { demoGc };
