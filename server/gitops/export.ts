/** The live state of a Connect cluster in the desired-state shape, secrets masked (the CLI turns them into references). */
import type { ConnectServices, OpenedCluster } from '../connect/services';
import type { AutoRestartPolicy } from '../connectors/auto-restart/policy';
import { maskConfig } from '../secrets/masking';
import type { DesiredState } from './format';
import { readLive } from './plan';

export interface ExportedConnector {
  name: string;
  state: DesiredState;
  config: Record<string, string>;
  /** Its own policy only; one inherited from the cluster's default is the cluster's to export. */
  autoRestart?: AutoRestartPolicy;
}

export async function exportLive(services: ConnectServices, opened: OpenedCluster, prefix: string | undefined): Promise<{ connect: string; connectors: ExportedConnector[] }> {
  const live = await readLive(services.db, opened, prefix);
  const connectors = await Promise.all(
    [...live.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (entry) => {
        const passwordKeys = await services.passwordKeys.get(opened.cluster.id, opened.client, entry.config['connector.class']);
        // `name` is the document's own name; Connect adds it back.
        const { name: _name, ...config } = entry.config;
        return {
          name: entry.name,
          state: entry.state,
          ...(entry.autoRestart ? { autoRestart: entry.autoRestart } : {}),
          config: maskConfig(config, passwordKeys) as Record<string, string>,
        };
      }),
  );
  return { connect: opened.cluster.id, connectors };
}
