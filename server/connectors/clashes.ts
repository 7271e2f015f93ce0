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
  // The plugin's verdict matters more than these checks: what Connect cannot tell right now (a rebalance) is left
  // out, and the create-only call still refuses a taken name.
  const [names, listing] = await Promise.all([
    opened.client.connectorNames().catch(() => undefined),
    opened.client.listConnectors().catch(() => undefined),
  ]);
  const others = listing ? await withJustCreated(opened, listing, names ?? []) : [];
  const name = config.name?.trim();
  const nameTaken = options.create && !!name && (names ?? others.map((other) => other.name)).includes(name);
  // Editing: the connector itself. Creating: a connector holding the name is already an error, not also a warning.
  return { nameTaken, warnings: findClashes(config, others, options.editing ?? name) };
}

/** The expanded listing leaves out connectors Connect has no status for yet: read their configs one by one. */
async function withJustCreated(opened: OpenedCluster, listing: ConnectorListing[], names: string[]): Promise<ConnectorListing[]> {
  const listed = new Set(listing.map((entry) => entry.name));
  const missing = names.filter((name) => !listed.has(name));
  const found = await Promise.all(
    missing.map((name) => opened.client.connectorInfo(name).then((info) => ({ name, info, status: undefined }), () => undefined)),
  );
  return [...listing, ...found.filter((entry) => entry !== undefined)];
}
