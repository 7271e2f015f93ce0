/**
 * Settings two connectors must not share. Two MySQL/MariaDB connectors with one `database.server.id` are one
 * replica to the database, which drops the first; two Postgres connectors on one slot or publication steal
 * each other's changes; one `topic.prefix` mixes two connectors' records in the same topics. Connect checks
 * none of this, so Validate warns.
 */
import type { OpenedCluster } from '../connect/services';
import type { ConnectorConfig, ConnectorListing } from '../connect/types';

export interface Clash {
  /** The config key in common. */
  field: string;
  /** The other connector that uses the same value. */
  connector: string;
  message: string;
}

interface UniqueSetting {
  key: string;
  what: string;
  /** Debezium's default, which two connectors that both leave the key out share. */
  defaultFor?: (connectorClass: string) => string | undefined;
  /** The setting is unique per database server, not per Connect cluster. */
  perDatabase: boolean;
}

const isPostgres = (connectorClass: string) => /postgres/i.test(connectorClass);

const UNIQUE_SETTINGS: UniqueSetting[] = [
  { key: 'database.server.id', what: 'replication server id', perDatabase: true },
  { key: 'topic.prefix', what: 'topic prefix', perDatabase: false },
  { key: 'slot.name', what: 'replication slot', perDatabase: true, defaultFor: (c) => (isPostgres(c) ? 'debezium' : undefined) },
  { key: 'publication.name', what: 'publication', perDatabase: true, defaultFor: (c) => (isPostgres(c) ? 'dbz_publication' : undefined) },
];

function valueOf(setting: UniqueSetting, config: ConnectorConfig): string | undefined {
  const value = config[setting.key]?.trim() || setting.defaultFor?.(config['connector.class'] ?? '');
  return value || undefined;
}

/** Where the connector reads from: host and port, so per-database settings are compared on one server only. */
function databaseOf(config: ConnectorConfig): string | undefined {
  const host = config['database.hostname']?.trim().toLowerCase();
  return host ? `${host}:${config['database.port']?.trim() ?? ''}` : undefined;
}

/** The other connectors' settings that `config` repeats; `self` (the connector being edited) is left out. */
export function findClashes(config: ConnectorConfig, others: ConnectorListing[], self: string | undefined): Clash[] {
  const clashes: Clash[] = [];
  for (const other of others) {
    if (other.name === self || !other.info) continue;
    for (const setting of UNIQUE_SETTINGS) {
      const mine = valueOf(setting, config);
      if (mine === undefined || mine !== valueOf(setting, other.info.config)) continue;
      // A default in common counts only between connectors of the same class: it is only then the same slot.
      if (setting.perDatabase && databaseOf(config) !== databaseOf(other.info.config)) continue;
      if (setting.defaultFor && config[setting.key] === undefined && other.info.config['connector.class'] !== config['connector.class']) continue;
      clashes.push({
        field: setting.key,
        connector: other.name,
        message: `Connector "${other.name}" already uses the ${setting.what} "${mine}" (${setting.key})${setting.perDatabase ? ' on the same database server' : ''}: two connectors sharing it break each other. Choose a value of its own.`,
      });
    }
  }
  return clashes;
}

export interface ClusterCheck {
  /** Creating, and a connector by the config's name exists already. */
  nameTaken: boolean;
  warnings: Clash[];
}

/**
 * What only the cluster's other connectors tell about a config: whether its name is taken (when creating)
 * and which unique settings it repeats. One listing call to Connect.
 */
export async function checkAgainstCluster(opened: OpenedCluster, config: ConnectorConfig, options: { create: boolean; editing?: string }): Promise<ClusterCheck> {
  // The plugin's verdict matters more than these checks: a listing Connect cannot give right now (a rebalance)
  // leaves them out, and the create-only call still refuses a taken name.
  const listing = await listingOrNothing(opened);
  if (!listing) return { nameTaken: false, warnings: [] };
  const name = config.name?.trim();
  const nameTaken = options.create && !!name && listing.some((other) => other.name === name);
  // Editing: the connector itself. Creating: a connector holding the name is already an error, not also a warning.
  return { nameTaken, warnings: findClashes(config, listing, options.editing ?? name) };
}

/** Right after a create, Connect briefly refuses the expanded listing while it rebalances: ask a few times. */
async function listingOrNothing(opened: OpenedCluster): Promise<Awaited<ReturnType<OpenedCluster['client']['listConnectors']>> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const listing = await opened.client.listConnectors().catch(() => undefined);
    if (listing || attempt === 4) return listing;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
