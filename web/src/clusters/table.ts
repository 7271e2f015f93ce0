/** What the clusters page hands each of its tables. */
export interface ClustersTableProps<Cluster, Health> {
  clusters: Cluster[];
  /** The health report's entries; undefined until the first report arrives. */
  health: Health[] | undefined;
  canManage: boolean;
  onedit: (cluster: Cluster) => void;
  onremove: (cluster: Cluster) => void;
}

export const healthOf = <Health extends { id: string }>(health: Health[] | undefined, id: string) => health?.find((entry) => entry.id === id);
