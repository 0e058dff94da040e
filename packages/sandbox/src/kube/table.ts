import type { ResourceType } from "./resources";
import type { KubeObject } from "./store";

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which kubectl asks for on `get`:
 * the columns the real API server prints for pods, nodes, workloads and PDBs, and NAME/AGE for everything else.
 */
interface Column {
  name: string;
  type: string;
  priority?: number;
  cell: (object: KubeObject, nowMs: number) => string | number;
}

function age(object: KubeObject, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - Date.parse(object.metadata.creationTimestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

type Any = Record<string, any>; // biome-ignore lint/suspicious/noExplicitAny: printing reads loosely typed objects

const NAME: Column = { name: "Name", type: "string", cell: (o) => o.metadata.name };
const AGE: Column = { name: "Age", type: "string", cell: age };

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  const status = pod.status as Any | undefined;
  return status?.reason ?? status?.phase ?? "Pending";
}

const COLUMNS: Record<string, Column[]> = {
  pods: [
    NAME,
    {
      name: "Ready",
      type: "string",
      cell: (o) => {
        const statuses = ((o.status as Any)?.containerStatuses ?? []) as Any[];
        const total = ((o.spec as Any)?.containers ?? []).length;
        return `${statuses.filter((s) => s.ready).length}/${total}`;
      },
    },
    { name: "Status", type: "string", cell: podStatus },
    { name: "Restarts", type: "string", cell: (o) => (((o.status as Any)?.containerStatuses ?? []) as Any[]).reduce((n, s) => n + (s.restartCount ?? 0), 0) },
    AGE,
    { name: "IP", type: "string", priority: 1, cell: (o) => (o.status as Any)?.podIP ?? "<none>" },
    { name: "Node", type: "string", priority: 1, cell: (o) => (o.spec as Any)?.nodeName ?? "<none>" },
  ],
  nodes: [
    NAME,
    {
      name: "Status",
      type: "string",
      cell: (o) => {
        const ready = (((o.status as Any)?.conditions ?? []) as Any[]).find((c) => c.type === "Ready")?.status === "True" ? "Ready" : "NotReady";
        return (o.spec as Any)?.unschedulable ? `${ready},SchedulingDisabled` : ready;
      },
    },
    { name: "Roles", type: "string", cell: () => "<none>" },
    AGE,
    { name: "Version", type: "string", cell: (o) => (o.status as Any)?.nodeInfo?.kubeletVersion ?? "" },
    { name: "Internal-IP", type: "string", priority: 1, cell: (o) => (((o.status as Any)?.addresses ?? []) as Any[]).find((a) => a.type === "InternalIP")?.address ?? "<none>" },
    { name: "OS-Image", type: "string", priority: 1, cell: (o) => (o.status as Any)?.nodeInfo?.osImage ?? "" },
  ],
  deployments: [
    NAME,
    { name: "Ready", type: "string", cell: (o) => `${(o.status as Any)?.readyReplicas ?? 0}/${(o.spec as Any)?.replicas ?? 1}` },
    { name: "Up-to-date", type: "integer", cell: (o) => (o.status as Any)?.updatedReplicas ?? 0 },
    { name: "Available", type: "integer", cell: (o) => (o.status as Any)?.availableReplicas ?? 0 },
    AGE,
  ],
  poddisruptionbudgets: [
    NAME,
    { name: "Min Available", type: "string", cell: (o) => String((o.spec as Any)?.minAvailable ?? "N/A") },
    { name: "Max Unavailable", type: "string", cell: (o) => String((o.spec as Any)?.maxUnavailable ?? "N/A") },
    { name: "Allowed Disruptions", type: "integer", cell: (o) => (o.status as Any)?.disruptionsAllowed ?? 0 },
    AGE,
  ],
};

function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? "");
}

function toTable(type: ResourceType, objects: KubeObject[], metadata: Record<string, unknown>, nowMs: number) {
  const columns = COLUMNS[type.resource] ?? [NAME, AGE];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: columns.map((column) => ({ name: column.name, type: column.type, format: column.name === "Name" ? "name" : "", description: "", priority: column.priority ?? 0 })),
    rows: objects.map((object) => ({
      cells: columns.map((column) => column.cell(object, nowMs)),
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata },
    })),
  };
}

export { toTable, wantsTable };
