import type { V1ContainerStatus, V1Pod, V1PodSpec } from "@kubernetes/client-node";
import { type ImageRef, parseImageReference } from "../references";

/** Where in an object a reference was found: what a pod (template) asks for, or what the runtime reports it runs. */
type UseField = "spec" | "status.imageID";

/** One image reference found in an object; `ref` is undefined when the text is not a pullable reference. */
interface FoundReference {
  raw: string;
  field: UseField;
  ref: ImageRef | undefined;
}

function found(raw: string, field: UseField): FoundReference {
  return { raw, field, ref: parseImageReference(raw) };
}

/**
 * Every image a pod spec (or pod template spec) pulls: containers, init containers, ephemeral (debug) containers,
 * and image volumes (`volumes[].image.reference`, which pull OCI images and artifacts the same way).
 */
function podSpecReferences(spec: V1PodSpec | undefined): FoundReference[] {
  if (!spec) return [];
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  const images = containers.map((container) => container.image);
  const volumes = (spec.volumes ?? []).map((volume) => volume.image?.reference);
  return [...images, ...volumes].filter((image): image is string => Boolean(image)).map((image) => found(image, "spec"));
}

/**
 * What the runtime reports for one container: its `imageID`, and the digests of its image volumes. containerd names
 * the imageID after *any* repository the node pulled that manifest under, so when it names another repository than
 * the container asked for, the digest is also recorded against the requested repository: that is the repository a
 * restart pulls from, and the digest the container runs.
 */
function containerStatusReferences(status: V1ContainerStatus, requested: string | undefined): FoundReference[] {
  const references: FoundReference[] = [];
  if (status.imageID) {
    const running = found(status.imageID, "status.imageID");
    references.push(running);
    const asked = requested ? parseImageReference(requested) : undefined;
    if (running.ref?.digest && asked && (asked.registry !== running.ref.registry || asked.repository !== running.ref.repository)) {
      references.push({ raw: status.imageID, field: "status.imageID", ref: { registry: asked.registry, repository: asked.repository, digest: running.ref.digest } });
    }
  }
  for (const mount of status.volumeMounts ?? []) {
    const imageRef = mount.volumeStatus?.image?.imageRef;
    if (imageRef) references.push(found(imageRef, "status.imageID"));
  }
  return references;
}

/** Runtime-reported images of every container, init container and ephemeral container of a pod. */
function podStatusReferences(pod: V1Pod): FoundReference[] {
  const specImages = new Map(
    [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((container) => [container.name, container.image]),
  );
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  // status.image is "the image the container is running"; the spec's image may have been changed since (pods allow it).
  return statuses.flatMap((status) => containerStatusReferences(status, status.image || specImages.get(status.name)));
}

function podReferences(pod: V1Pod): FoundReference[] {
  return [...podSpecReferences(pod.spec), ...podStatusReferences(pod)];
}

/**
 * Images inside a ControllerRevision's `data`: a StatefulSet's or DaemonSet's pod template as a strategic-merge
 * patch, or whatever another controller stores. Deliberately loose: every string under an `image` key, and every
 * image volume `reference`, counts, because protecting an extra image is the safe mistake.
 */
function revisionReferences(data: unknown): FoundReference[] {
  const images: string[] = [];
  const visit = (value: unknown, key: string | undefined): void => {
    if (typeof value === "string") {
      if (key === "image") images.push(value);
      return;
    }
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, undefined);
      return;
    }
    if (key === "image" && typeof (value as { reference?: unknown }).reference === "string") images.push((value as { reference: string }).reference);
    for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
  };
  visit(data, undefined);
  return images.filter(Boolean).map((image) => found(image, "spec"));
}

export { podReferences, podSpecReferences, revisionReferences };
export type { FoundReference, UseField };
