import { describe, expect, it } from 'vitest';
import { followInstall, type InstallOperation } from '../../../server/cli/installs';
import { parseConnectorFile, pluginToYaml, topicToYaml } from '../../../server/gitops/format';

describe('topic and plugin documents', () => {
  it('reads topics with whole-number partitions and plugins as a catalog version or an artifact', () => {
    const text = [
      'apiVersion: connectory/v1\nkind: Topic\nkafka: local\nname: orders\npartitions: 3\nconfig:\n  cleanup.policy: compact\n',
      'apiVersion: connectory/v1\nkind: Plugin\nconnect: local\ncatalog: debezium-mysql\nversion: 3.6.0.Final\n',
      `apiVersion: connectory/v1\nkind: Plugin\nconnect: local\nsha256: ${'a'.repeat(64)}\nname: mine\n`,
    ].join('---\n');
    const parsed = parseConnectorFile('x.yaml', text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.topics).toMatchObject([{ kafka: 'local', name: 'orders', partitions: 3, config: { 'cleanup.policy': 'compact' } }]);
    expect(parsed.plugins).toMatchObject([{ connect: 'local', catalog: 'debezium-mysql', version: '3.6.0.Final' }, { connect: 'local', sha256: 'a'.repeat(64), name: 'mine' }]);
  });

  it('names the line of a bad partition count, an unknown topic field and a plugin without its version', () => {
    const text = [
      'apiVersion: connectory/v1\nkind: Topic\nkafka: local\nname: orders\npartitions: many\n',
      'apiVersion: connectory/v1\nkind: Topic\nkafka: local\nname: b\nreplicas: 3\n',
      'apiVersion: connectory/v1\nkind: Plugin\nconnect: local\ncatalog: debezium-mysql\n',
      'apiVersion: connectory/v1\nkind: Table\nname: t\n',
    ].join('---\n');
    const messages = parseConnectorFile('bad.yaml', text).errors.map((error) => error.message);
    expect(messages).toEqual([
      expect.stringMatching(/^bad\.yaml:5:1: partitions: partitions must be a whole number/),
      expect.stringMatching(/^bad\.yaml:11:1: unknown field "replicas" \(a topic document has apiVersion, kind, kafka, name, partitions, replicationFactor, config\)/),
      expect.stringMatching(/^bad\.yaml:13:1: version: plugin "debezium-mysql" needs the catalog version/),
      expect.stringMatching(/^bad\.yaml:\d+:\d+: kind: must be "Connector", "Topic" or "Plugin"/),
    ]);
  });

  it('writes topics and plugins that read back as the same documents', () => {
    const topic = topicToYaml({ kafka: 'local', name: 'orders', partitions: 2, replicationFactor: 1, config: { 'retention.ms': '1', 'cleanup.policy': 'compact' } });
    const plugin = pluginToYaml({ connect: 'local', catalog: 'debezium-mysql', version: '3.6.0.Final' });
    const parsed = parseConnectorFile('round.yaml', `${topic}---\n${plugin}`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.topics[0]).toMatchObject({ name: 'orders', partitions: 2, replicationFactor: 1, config: { 'cleanup.policy': 'compact', 'retention.ms': '1' } });
    expect(topic.indexOf('cleanup.policy')).toBeLessThan(topic.indexOf('retention.ms'));
    expect(parsed.plugins[0]).toMatchObject({ catalog: 'debezium-mysql', version: '3.6.0.Final' });
  });
});

describe('following a plugin install', () => {
  it('prints one line per worker step as it changes, until the operation ends', async () => {
    const step = (position: number, worker: string, kind: string, state: string) => ({ position, worker, step: kind, phase: 'apply', state });
    const answers: InstallOperation[] = [
      { id: 'op', plugin: 'p', state: 'running', steps: [step(0, 'w1', 'push', 'succeeded'), step(1, 'w1', 'restart', 'running'), step(2, 'w2', 'push', 'pending')] },
      { id: 'op', plugin: 'p', state: 'running', steps: [step(0, 'w1', 'push', 'succeeded'), step(1, 'w1', 'restart', 'running'), step(2, 'w2', 'push', 'pending')] },
      { id: 'op', plugin: 'p', state: 'succeeded', steps: [step(0, 'w1', 'push', 'succeeded'), step(1, 'w1', 'restart', 'succeeded'), step(2, 'w2', 'push', 'succeeded')] },
    ];
    const asked: string[] = [];
    const api = { get: async <T>(path: string) => (asked.push(path), answers.shift() as T), post: async <T>() => undefined as T };
    const lines: string[] = [];
    const started: InstallOperation = { id: 'op', plugin: 'p', state: 'queued', steps: [step(0, 'w1', 'push', 'running')] };
    const done = await followInstall(api, started, (line) => lines.push(line), async () => undefined);
    expect(done.state).toBe('succeeded');
    expect(asked).toEqual(['/installs/op', '/installs/op', '/installs/op']);
    expect(lines).toEqual(['[1/1] w1: push running', '[1/3] w1: push succeeded', '[2/3] w1: restart running', '[2/3] w1: restart succeeded', '[3/3] w2: push succeeded']);
  });
});
