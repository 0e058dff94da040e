import { type EKSClient, paginateListClusters } from "@aws-sdk/client-eks";

/** The clusters a capability works on: the configured ones, else every EKS cluster of the client's account and Region. */
async function clusterNames(eks: EKSClient, configured: readonly string[] | undefined): Promise<string[]> {
  if (configured) return [...configured];
  const names: string[] = [];
  for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  return names;
}

export { clusterNames };
