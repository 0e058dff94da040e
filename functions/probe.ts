import { probeClusters, probeReport } from "@caretaker/core/probe";
import { z } from "zod";
import { clusters } from "./lib/clients";
import { createHandler } from "./lib/handler";
import { getNotifier } from "./lib/notifier";
import { logger } from "./lib/powertools";

/** EKS cluster names: 1–100 characters, starting with a letter or digit (EKS CreateCluster rules). */
const clusterName = z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "must be an EKS cluster name (letters, digits, - and _)");

const ProbePayload = z.strictObject({
  clusters: z.array(clusterName).min(1, "name at least one cluster").max(50),
  /** Publish the result to the alerts topic: "failures" only when a cluster is unusable, "always" in any case. */
  notify: z.enum(["never", "failures", "always"]).default("never"),
});

/**
 * Checks, from the functions' own network and role, that each cluster is reachable and maps Caretaker's role to
 * the expected Kubernetes identity. Used by `caretaker doctor` and by people debugging access entries.
 */
const handler = createHandler({
  name: "probe",
  schema: ProbePayload,
  async handle({ clusters: names, notify }) {
    const results = await probeClusters((name) => clusters.connect(name), names);
    for (const result of results) {
      if (result.ok) logger.info("cluster reachable", { ...result });
      else logger.warn("cluster not usable", { ...result });
    }
    const ok = results.every((result) => result.ok);
    if (notify === "always" || (notify === "failures" && !ok)) {
      await getNotifier().notify(probeReport(results, { region: process.env.AWS_REGION }));
    }
    return { ok, results };
  },
});

export { handler, ProbePayload };
