import { describe, expect, it } from 'vitest';
import { Catalog, compatibilityOf } from '../../../server/catalog';
import { clusterKafkaVersion } from '../../../server/delivery/service';
import type { ConnectCluster } from '../../../server/clusters/registry';

describe('catalog version compatibility with a cluster', () => {
  const version = { version: '0.7.2', kafka: '>=2.6.0 <4.0.0' };

  it('is compatible inside the Kafka range, with no reason', () => {
    expect(compatibilityOf(version, '3.9.1')).toEqual({ compatible: true });
    expect(compatibilityOf(version, '2.8.0-ccs')).toEqual({ compatible: true });
  });

  it('is incompatible outside it, and the reason names both versions', () => {
    const verdict = compatibilityOf(version, '4.3.1');
    expect(verdict.compatible).toBe(false);
    expect(verdict.reason).toBe("version 0.7.2 supports Kafka >=2.6.0 <4.0.0; the cluster's workers run Kafka 4.3.1");
  });

  it('says nothing when the Kafka version is unknown', () => {
    expect(compatibilityOf(version, null)).toMatchObject({ compatible: null, reason: expect.stringContaining('unknown') });
  });

  it('marks the bundled Camel 0.x entry incompatible with Kafka 4 and Debezium compatible', async () => {
    const catalog = await Catalog.load();
    for (const camel of catalog.get('camel-timer-source')!.versions) expect(compatibilityOf(camel, '4.3.1').compatible).toBe(false);
    expect(compatibilityOf(catalog.latest('debezium-mariadb')!, '4.3.1').compatible).toBe(true);
  });
});

describe("a cluster's Kafka version", () => {
  const cluster = { id: 'c', workers: [{ url: 'http://w1' }, { url: 'http://w2' }] } as unknown as ConnectCluster;
  const clientsAnswering = (answers: Record<string, string | Error>) => ({
    get: () => ({
      workerInfo: async (url: string) => {
        const answer = answers[url];
        if (answer instanceof Error || answer === undefined) throw answer ?? new Error('no answer');
        return { version: answer, commit: 'x', kafkaClusterId: 'k' };
      },
    }),
  });

  it('comes from the first worker that answers GET /', async () => {
    const clients = clientsAnswering({ 'http://w1': new Error('Connect worker http://w1: connection refused'), 'http://w2': '4.3.1' });
    expect(await clusterKafkaVersion({ clients } as never, cluster)).toBe('4.3.1');
  });

  it('is null when no worker answers', async () => {
    expect(await clusterKafkaVersion({ clients: clientsAnswering({}) } as never, cluster)).toBeNull();
  });
});
