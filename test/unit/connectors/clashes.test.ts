// Which settings of another connector a config repeats: per Connect cluster (topic prefix) or per database
// server (server id, slot, publication), Debezium's Postgres defaults included.
import { describe, expect, it } from 'vitest';
import { checkAgainstCluster, findClashes } from '../../../server/connectors/clashes';
import type { OpenedCluster } from '../../../server/connect/services';
import type { ConnectorConfig, ConnectorListing } from '../../../server/connect/types';

const MYSQL = 'io.debezium.connector.mysql.MySqlConnector';
const POSTGRES = 'io.debezium.connector.postgresql.PostgresConnector';

const listing = (name: string, config: ConnectorConfig): ConnectorListing => ({ name, info: { name, type: 'source', config, taskIds: [] }, status: undefined });
const fields = (config: ConnectorConfig, others: ConnectorListing[], self?: string) => findClashes(config, others, self).map((clash) => `${clash.connector}:${clash.field}`);

describe('findClashes', () => {
  const mysql = { 'connector.class': MYSQL, 'database.hostname': 'db1', 'database.port': '3306', 'database.server.id': '184054', 'topic.prefix': 'shop' };

  it('finds a server id on the same database server and a topic prefix anywhere', () => {
    expect(fields({ ...mysql, name: 'b' }, [listing('a', mysql)])).toEqual(['a:database.server.id', 'a:topic.prefix']);
    const elsewhere = { ...mysql, 'database.hostname': 'db2', 'topic.prefix': 'other' };
    expect(fields({ ...elsewhere, name: 'b' }, [listing('a', mysql)])).toEqual([]);
  });

  it('leaves out the connector itself and connectors whose config is unknown', () => {
    expect(fields(mysql, [listing('a', mysql)], 'a')).toEqual([]);
    expect(fields(mysql, [{ name: 'c', info: undefined, status: undefined }])).toEqual([]);
  });

  it("counts Debezium's default slot and publication between two Postgres connectors on one server", () => {
    const postgres = { 'connector.class': POSTGRES, 'database.hostname': 'pg', 'database.port': '5432', 'topic.prefix': 'one' };
    expect(fields({ ...postgres, 'topic.prefix': 'two' }, [listing('a', postgres)])).toEqual(['a:slot.name', 'a:publication.name']);
    expect(fields({ ...postgres, 'topic.prefix': 'two', 'slot.name': 'own', 'publication.name': 'own' }, [listing('a', postgres)])).toEqual([]);
    // A MySQL connector has no slot, default or not.
    expect(fields({ ...mysql, 'database.hostname': 'pg', 'database.port': '5432', 'topic.prefix': 'x' }, [listing('a', postgres)])).toEqual([]);
  });
});

describe('checkAgainstCluster', () => {
  const mysql = { 'connector.class': MYSQL, 'database.hostname': 'db1', 'database.port': '3306', 'database.server.id': '184054', 'topic.prefix': 'shop' };
  // Connect's expanded listing leaves out a connector whose status it has not recorded yet; a real worker does
  // this only for a moment after a create, so the moment is staged here.
  const justCreated = (): OpenedCluster =>
    ({
      cluster: {} as OpenedCluster['cluster'],
      client: {
        connectorNames: async () => ['fresh'],
        listConnectors: async () => [],
        connectorInfo: async (name: string) => ({ name, type: 'source', config: mysql, taskIds: [] }),
      },
    }) as unknown as OpenedCluster;

  it('sees a connector created a moment ago: its name is taken and its settings clash', async () => {
    const check = await checkAgainstCluster(justCreated(), { ...mysql, name: 'fresh' }, { create: true });
    expect(check.nameTaken).toBe(true);
    const other = await checkAgainstCluster(justCreated(), { ...mysql, name: 'second' }, { create: true });
    expect(other.nameTaken).toBe(false);
    expect(other.warnings.map((clash) => `${clash.connector}:${clash.field}`)).toEqual(['fresh:database.server.id', 'fresh:topic.prefix']);
  });
});
