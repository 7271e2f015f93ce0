/**
 * Rebalancing on the three-broker cluster (test/support/multi-broker.ts), through the API: a skewed cluster is
 * planned within the threshold, applied with a throttle, every message still readable and no throttle left behind;
 * replication factor 1 → 3 → 2 with data; a drain; cancel; a stale plan refused; resuming after a "restart".
 */
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredKafkaClient } from '../../server/kafka/registered';
import { createRebalanceExecutor } from '../../server/rebalance/routes';
import { approveProposal, requireProposal } from '../../server/rebalance/service';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { ensureMultiBrokerKafka, registerMultiBroker } from '../support/multi-broker';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();
const PROPOSALS = '/api/v1/clusters/multi/rebalance/proposals';
const THROTTLE = 20 * 1024 * 1024;

describe.runIf(stack)('rebalancing a real three-broker cluster', () => {
  let ctx: ConnectTestContext;
  let kafka: InstanceType<typeof Kafka>;
  let admin: Admin;
  let producer: Producer;
  const topics: string[] = [];
  const api = <T = any>(method: string, path: string, body?: unknown) => call<T>(ctx.testApp, method, path, ctx.operator, body);

  /** `count` messages of `bytes` each, spread evenly over the topic's partitions. */
  const produce = async (topic: string, partitions: number, count: number, bytes: number) => {
    const value = 'x'.repeat(bytes);
    for (let i = 0; i < count; i += 100) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: Math.min(100, count - i) }, (_, j) => ({ key: `k${i + j}`, value, partition: (i + j) % partitions })) });
    }
  };
  /**
   * How many of the produced keys can be read back: nothing lost is the property. Counted by key, because on a
   * busy machine the producer may retry a send that had landed, or the consumer re-read after a leader moved.
   */
  const readAll = async (topic: string, expected: number) => {
    const consumer = kafka.consumer({ groupId: uniqueName('rebalance-read') });
    const keys = new Set<string>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void keys.add(message.key?.toString() ?? '') });
      await waitFor(`${expected} keys read from ${topic}`, async () => (keys.size >= expected ? true : undefined), { timeoutMs: 90_000 });
    } finally {
      await consumer.disconnect();
    }
    return keys.size;
  };
  const newTopic = async (partitions: number, replicas: (p: number) => number[]) => {
    const topic = uniqueName('rebalance');
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, replicaAssignment: Array.from({ length: partitions }, (_, p) => ({ partition: p, replicas: replicas(p) })) }], waitForLeaders: true });
    return topic;
  };
  const finished = (id: string) =>
    waitFor(`proposal ${id} to end`, async () => {
      const { body } = await api('GET', `${PROPOSALS}/${id}`);
      return ['done', 'failed', 'cancelled'].includes(body.state) && !body.throttlesSet ? body : undefined;
    }, { timeoutMs: 150_000, intervalMs: 1_000 });
  /** Every `*.replication.throttled.*` config set on any broker or on the given topics. */
  const throttlesLeft = async (names: string[]) => {
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [...[1, 2, 3].map((id) => ({ type: 4, name: String(id) })), ...names.map((name) => ({ type: 2, name }))],
    });
    return configs.resources.flatMap((r) => r.configEntries.filter((e) => e.configName.includes('replication.throttled') && e.configValue && !e.isDefault).map((e) => `${r.resourceName}:${e.configName}=${e.configValue}`));
  };
  const replicasOf = async (topic: string) => {
    const { topics: [described] } = await admin.fetchTopicMetadata({ topics: [topic] });
    return described!.partitions.sort((a, b) => a.partitionId - b.partitionId);
  };

  beforeAll(async () => {
    const multi = await ensureMultiBrokerKafka();
    ctx = await connectTestApp(stack!);
    await registerMultiBroker(ctx.testApp, multi);
    kafka = new Kafka({ clientId: 'connectory-rebalance-test', brokers: multi.bootstrap.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  it('plans a skewed cluster within the threshold, applies it throttled, keeps every message and leaves no throttle', async () => {
    const skewed = [await newTopic(6, () => [1]), await newTopic(6, () => [1])];
    for (const topic of skewed) await produce(topic, 6, 1_200, 1_000);
    const { status, body: proposal } = await waitFor('a proposal that sees the data', async () => {
      const answer = await api('POST', PROPOSALS, { mode: 'full' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.before.find((b: { id: number }) => b.id === 1).diskBytes > 2_000_000 ? answer : undefined;
    });
    expect(status).toBe(201);
    expect(proposal.state).toBe('proposed');
    expect(proposal.diskMaxOverMean.before).toBeGreaterThan(2);
    expect(proposal.diskMaxOverMean.after).toBeLessThanOrEqual(1.1);
    const moved = proposal.moves.filter((m: { topic: string }) => skewed.includes(m.topic));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((m: { from: number[]; bytes: number }) => m.from.join() === '1' && m.bytes > 0)).toBe(true);
    // nothing happened yet
    expect((await replicasOf(skewed[0]!)).every((p) => p.replicas.join() === '1')).toBe(true);
    // the brokers page and the dashboard point at the imbalance
    const listed = await api('GET', '/api/v1/clusters/multi/brokers');
    expect(listed.body.diskImbalance).toMatchObject({ threshold: 1.1, overThreshold: true, maxOverMean: expect.any(Number) });
    expect(listed.body.diskImbalance.maxOverMean).toBeGreaterThan(2);
    const dashboard = await api('GET', '/api/v1/dashboard');
    expect(dashboard.body.kafkaClusters.find((k: { id: string }) => k.id === 'multi').diskImbalance).toMatchObject({ overThreshold: true });

    const approved = await api('POST', `${PROPOSALS}/${proposal.id}/approve`, { throttleBytesPerSecond: THROTTLE });
    expect(approved.status, JSON.stringify(approved.body)).toBe(202);
    expect(approved.body.state).toBe('executing');
    const done = await finished(proposal.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(done.progress).toMatchObject({ moves: proposal.moves.length, done: proposal.moves.length, failed: 0 });
    expect(await throttlesLeft(skewed)).toEqual([]);
    // the disks as the brokers report them now are within the threshold
    const after = await api('POST', PROPOSALS, { mode: 'full' });
    expect(after.body.diskMaxOverMean.before).toBeLessThanOrEqual(1.1);
    expect((await api('GET', '/api/v1/clusters/multi/brokers')).body.diskImbalance.maxOverMean).toBeLessThan(listed.body.diskImbalance.maxOverMean);
    for (const topic of skewed) expect(await readAll(topic, 1_200)).toBe(1_200);
    const audit = await call(ctx.testApp, 'GET', '/api/v1/audit?size=200', ctx.admin);
    const actions = audit.body.items.filter((e: { objectId: string }) => e.objectId === proposal.id).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['rebalance.propose', 'rebalance.approve', 'rebalance.finish']));
  });

  it('changes a topic’s replication factor 1 → 3 → 2 with its data, and refuses what it cannot do with a 400 naming the field', async () => {
    const topic = await newTopic(3, (p) => [(p % 3) + 1]);
    await produce(topic, 3, 600, 500);
    const rf = (body: unknown) => api('POST', `/api/v1/clusters/multi/topics/${topic}/replication-factor`, body);
    for (const [body, message] of [[{ replicationFactor: 4 }, /broker/], [{ replicationFactor: 0 }, /./]] as const) {
      const refused = await rf(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ field: 'replicationFactor', message: expect.stringMatching(message) });
    }
    expect((await rf({ replicationFactor: 3, extra: true })).body.error.field).toBe('extra');

    const up = await rf({ replicationFactor: 3 });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.moves).toHaveLength(3);
    expect(up.body.moves.every((m: { to: number[]; from: number[] }) => m.to.length === 3 && m.to[0] === m.from[0])).toBe(true);
    await api('POST', `${PROPOSALS}/${up.body.id}/approve`, { throttleBytesPerSecond: THROTTLE });
    expect((await finished(up.body.id)).state).toBe('done');
    await waitFor('three in-sync replicas everywhere', async () => ((await replicasOf(topic)).every((p) => p.replicas.length === 3 && p.isr.length === 3) ? true : undefined));

    // below min.insync.replicas only with confirm
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'min.insync.replicas', value: '3' }] }] });
    const unconfirmed = await waitFor('min.insync.replicas seen', async () => {
      const answer = await rf({ replicationFactor: 2 });
      return answer.status === 400 ? answer : undefined;
    });
    expect(unconfirmed.body.error).toMatchObject({ field: 'replicationFactor', message: expect.stringMatching(/min\.insync\.replicas.*confirm/) });
    const leaders = new Map((await replicasOf(topic)).map((p) => [p.partitionId, p.leader]));
    const down = await rf({ replicationFactor: 2, confirm: true });
    expect(down.status, JSON.stringify(down.body)).toBe(201);
    expect(down.body.totalBytes).toBe(0);
    for (const move of down.body.moves) expect(move.to).toContain(leaders.get(move.partition));
    await api('POST', `${PROPOSALS}/${down.body.id}/approve`, { throttleBytesPerSecond: THROTTLE });
    expect((await finished(down.body.id)).state).toBe('done');
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'min.insync.replicas', value: '1' }] }] });
    await waitFor('two replicas everywhere', async () => ((await replicasOf(topic)).every((p) => p.replicas.length === 2 && p.isr.length === 2) ? true : undefined));
    expect(await readAll(topic, 600)).toBe(600);
    expect(await throttlesLeft([topic])).toEqual([]);
  });

  it('drains a broker: it ends holding none of the replicas that can go elsewhere', async () => {
    const topic = await newTopic(4, (p) => [3, (p % 2) + 1]);
    await produce(topic, 4, 400, 500);
    const { status, body } = await api('POST', PROPOSALS, { mode: 'drain', brokers: [3] });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.after.find((b: { id: number }) => b.id === 3).replicas).toBe(body.unplaced.length);
    expect(body.unplaced.every((u: { topic: string }) => u.topic !== topic)).toBe(true);
    expect((await api('POST', PROPOSALS, { mode: 'drain' })).body.error.field).toBe('brokers');
    await api('POST', `${PROPOSALS}/${body.id}/approve`, { throttleBytesPerSecond: THROTTLE });
    expect((await finished(body.id)).state).toBe('done');
    expect((await replicasOf(topic)).every((p) => !p.replicas.includes(3))).toBe(true);
    expect(await readAll(topic, 400)).toBe(400);
  });

  it('elects the preferred leaders of a topic, with the outcome per partition, and of the whole cluster', async () => {
    const topic = await newTopic(2, () => [2, 1]);
    // a reordering reassignment keeps the leader (2) but makes 1 the preferred replica
    const client = await registeredKafkaClient({ db: ctx.testApp.database.db, secrets: ctx.testApp.secrets, kafkaClients: ctx.testApp.clients.kafka }, 'multi');
    await client.alterPartitionReassignments({ timeoutMs: 30_000, topics: [{ name: topic, partitions: [0, 1].map((partition) => ({ partition, replicas: [1, 2] })) }] });
    await waitFor('preferred replica 1, leader 2', async () => ((await replicasOf(topic)).every((p) => p.replicas.join() === '1,2' && p.leader === 2) ? true : undefined));
    const elect = (body: unknown) => api('POST', '/api/v1/clusters/multi/rebalance/preferred-leader-election', body);
    const first = await elect({ topic });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ elected: 2, notNeeded: 0, failed: 0 });
    expect(first.body.results).toEqual([0, 1].map((partition) => ({ topic, partition, outcome: 'elected' })));
    await waitFor('broker 1 leads both', async () => ((await replicasOf(topic)).every((p) => p.leader === 1) ? true : undefined));
    expect((await elect({ topic })).body).toMatchObject({ elected: 0, notNeeded: 2, failed: 0 });
    expect((await elect({ topic: `${topic}-missing` })).status).toBe(404);
    expect((await elect({ topics: [topic] })).body.error.field).toBe('topics');
    const cluster = await elect({});
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(200);
    expect(cluster.body.results.some((r: { topic: string }) => r.topic === topic)).toBe(false); // nothing to do there
    const viewer = await call(ctx.testApp, 'POST', '/api/v1/clusters/multi/rebalance/preferred-leader-election', ctx.viewer, { topic });
    expect(viewer.status).toBe(403);
    const audit = await call(ctx.testApp, 'GET', '/api/v1/audit?size=200', ctx.admin);
    expect(audit.body.items.filter((e: { objectId: string }) => e.objectId === topic).map((e: { action: string }) => e.action)).toContain('rebalance.elect-leaders');
  });

  it('plans with the capacity an operator entered or the agent beside a broker reports, and shows the host’s health', async () => {
    const HOSTS = '/api/v1/clusters/multi/rebalance/brokers';
    const asAdmin = <T = any>(method: string, path: string, body?: unknown) => call<T>(ctx.testApp, method, path, ctx.admin, body);
    const topic = await newTopic(2, () => [2]);
    await produce(topic, 2, 200, 500);
    try {
      expect((await api('PUT', `${HOSTS}/2`, { capacityBytes: 1_000, agentUrl: null })).status).toBe(403); // cluster managers only
      expect((await asAdmin('PUT', `${HOSTS}/2`, { capacityBytes: 0, agentUrl: null })).body.error.field).toBe('capacityBytes');
      expect((await asAdmin('PUT', `${HOSTS}/3`, { capacityBytes: null, agentUrl: stack!.connect.workers[0]!.agentUrl })).body.error.field).toBe('agentToken');
      const set = await asAdmin('PUT', `${HOSTS}/2`, { capacityBytes: 1_000, agentUrl: null });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body).toMatchObject({ id: 2, capacityBytes: 1_000, capacitySource: 'operator', operatorCapacityBytes: 1_000 });
      // a plugin agent answers /health with its host's disk, memory and load: here the stack's worker agent stands in for one
      const agent = await asAdmin('PUT', `${HOSTS}/3`, { capacityBytes: null, agentUrl: stack!.connect.workers[0]!.agentUrl, agentToken: stack!.connect.agentToken });
      expect(agent.status, JSON.stringify(agent.body)).toBe(200);
      expect(agent.body).toMatchObject({ capacitySource: 'agent', agentToken: '********', node: { disk: { totalBytes: expect.any(Number) }, memory: expect.any(Object) } });
      expect(agent.body.capacityBytes).toBe(agent.body.node.disk.totalBytes);
      const { body: hosts } = await api('GET', HOSTS);
      const byId = new Map(hosts.items.map((h: { id: number }) => [h.id, h]));
      expect(byId.get(1)).toMatchObject({ registered: true, rack: 'r1', capacitySource: 'kafka', capacityBytes: expect.any(Number), node: null });
      expect(byId.get(2)).toMatchObject({ capacitySource: 'operator', capacityBytes: 1_000 });
      expect(byId.get(3)).toMatchObject({ capacitySource: 'agent' });

      // broker 2 is far over 80% of 1,000 bytes: the plan moves our topic off it, for the capacity goal
      const { status, body } = await api('POST', PROPOSALS, { mode: 'full' });
      expect(status, JSON.stringify(body)).toBe(201);
      expect(body.before.find((b: { id: number }) => b.id === 2).capacityBytes).toBe(1_000);
      expect(body.before.find((b: { id: number }) => b.id === 3).capacityBytes).toBe(agent.body.capacityBytes);
      const ours = body.moves.filter((m: { topic: string }) => m.topic === topic);
      expect(ours).toHaveLength(2);
      expect(ours.every((m: { goal: string; to: number[] }) => m.goal === 'capacity' && !m.to.includes(2))).toBe(true);
      await api('POST', `${PROPOSALS}/${body.id}/cancel`);
      const audit = await call(ctx.testApp, 'GET', '/api/v1/audit?size=200', ctx.admin);
      expect(audit.body.items.filter((e: { action: string }) => e.action === 'rebalance.broker-host').length).toBeGreaterThanOrEqual(2);
    } finally {
      for (const id of [2, 3]) await asAdmin('PUT', `${HOSTS}/${id}`, { capacityBytes: null, agentUrl: null });
    }
    expect((await api('GET', HOSTS)).body.items.find((h: { id: number }) => h.id === 2).capacitySource).toBe('kafka');
  });

  it('refuses to approve a plan the cluster moved away from (409 proposal_stale)', async () => {
    const topic = await newTopic(2, () => [1]);
    await produce(topic, 2, 200, 500);
    const { body } = await api('POST', `/api/v1/clusters/multi/topics/${topic}/replication-factor`, { replicationFactor: 2 });
    expect(body.moves).toHaveLength(2);
    // someone moves a partition by hand after the plan was made
    const client = await registeredKafkaClient({ db: ctx.testApp.database.db, secrets: ctx.testApp.secrets, kafkaClients: ctx.testApp.clients.kafka }, 'multi');
    await client.alterPartitionReassignments({ timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partition: 0, replicas: [2] }] }] });
    await waitFor('the manual move done', async () => ((await replicasOf(topic))[0]!.replicas.join() === '2' ? true : undefined));
    const stale = await api('POST', `${PROPOSALS}/${body.id}/approve`, { throttleBytesPerSecond: THROTTLE });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'proposal_stale', message: expect.stringContaining(`${topic}-0`) });
    expect((await api('GET', `${PROPOSALS}/${body.id}`)).body.state).toBe('proposed');
    const cancelled = await api('POST', `${PROPOSALS}/${body.id}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await api('POST', `${PROPOSALS}/${body.id}/cancel`)).status).toBe(409);
  });

  it('changes the throttle of a running plan on the brokers; the plan then finishes at the new rate', async () => {
    const topic = await newTopic(3, () => [1]);
    await produce(topic, 3, 3_000, 1_000);
    const { body } = await api('POST', `/api/v1/clusters/multi/topics/${topic}/replication-factor`, { replicationFactor: 2 });
    const path = `${PROPOSALS}/${body.id}/throttle`;
    expect((await api('PUT', path, { throttleBytesPerSecond: 1024 * 1024 })).status).toBe(409); // not running yet
    // at 10 KiB/s each ~1 MB copy takes minutes: only the raised throttle lets it end within the wait below
    await api('POST', `${PROPOSALS}/${body.id}/approve`, { throttleBytesPerSecond: 10 * 1024 });
    await waitFor('moves in flight with throttles on', async () => {
      const { body: now } = await api('GET', `${PROPOSALS}/${body.id}`);
      return now.throttleAppliedBytesPerSecond === 10 * 1024 && now.moves.some((m: { state: string }) => m.state === 'moving') ? true : undefined;
    });
    const rates = async () => (await throttlesLeft([])).filter((entry) => entry.includes('.rate='));
    expect((await rates()).every((entry) => entry.endsWith(`=${10 * 1024}`))).toBe(true);
    expect((await api('PUT', path, { throttleBytesPerSecond: 10 })).body.error.field).toBe('throttleBytesPerSecond');
    const raised = await api('PUT', path, { throttleBytesPerSecond: 50 * 1024 * 1024 });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body.throttleBytesPerSecond).toBe(50 * 1024 * 1024);
    const onBrokers = await waitFor('the new rate on the brokers', async () => {
      const now = await rates();
      return now.length > 0 && now.every((entry) => entry.endsWith(`=${50 * 1024 * 1024}`)) ? now : undefined;
    });
    expect(onBrokers.length).toBeGreaterThanOrEqual(4); // leader and follower rate on at least the source and a target
    const done = await finished(body.id);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(await throttlesLeft([topic])).toEqual([]);
    expect((await api('PUT', path, { throttleBytesPerSecond: 1024 * 1024 })).status).toBe(409);
    const audit = await call(ctx.testApp, 'GET', '/api/v1/audit?size=200', ctx.admin);
    expect(audit.body.items.filter((e: { objectId: string }) => e.objectId === body.id).map((e: { action: string }) => e.action)).toContain('rebalance.throttle');
  });

  it('cancels a running plan: moves in flight reverted, throttles gone; and a new server resumes a plan another left', async () => {
    const topic = await newTopic(3, () => [1]);
    await produce(topic, 3, 3_000, 1_000); // ~1 MB per partition at a 100 KiB/s throttle: seconds per move
    const { body } = await api('POST', `/api/v1/clusters/multi/topics/${topic}/replication-factor`, { replicationFactor: 2 });
    // 10 KiB/s: a quota window lets a burst through, then each ~1 MB copy takes minutes
    await api('POST', `${PROPOSALS}/${body.id}/approve`, { throttleBytesPerSecond: 10 * 1024 });
    await waitFor('moves in flight with throttles on', async () => {
      const { body: now } = await api('GET', `${PROPOSALS}/${body.id}`);
      return now.throttlesSet && now.moves.some((m: { state: string }) => m.state === 'moving') ? true : undefined;
    });
    expect((await throttlesLeft([topic])).length).toBeGreaterThan(0);
    expect((await api('POST', `${PROPOSALS}/${body.id}/cancel`)).status).toBe(202);
    const cancelled = await finished(body.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.moves.filter((m: { state: string }) => m.state === 'reverted').length).toBeGreaterThan(0);
    expect(await throttlesLeft([topic])).toEqual([]);
    // a move that finished before the cancel stays; every other one is back on its original replicas
    const replicas = await replicasOf(topic);
    for (const move of cancelled.moves) {
      expect(['done', 'reverted']).toContain(move.state);
      await waitFor(`${topic}-${move.partition} on ${move.state === 'done' ? move.to : move.from}`, async () =>
        ((await replicasOf(topic))[move.partition]!.replicas.join() === (move.state === 'done' ? move.to : move.from).join() ? true : undefined));
    }
    expect(replicas).toHaveLength(3);

    // a server stops mid-plan: its executor goes idle with the throttles on; another server's executor resumes the
    // plan from the database, finishes it and removes them
    const again = await api('POST', `/api/v1/clusters/multi/topics/${topic}/replication-factor`, { replicationFactor: 2 });
    expect(again.body.moves.length).toBeGreaterThan(0);
    const deps = { db: ctx.testApp.database.db, secrets: ctx.testApp.secrets, kafkaClients: ctx.testApp.clients.kafka, logger: ctx.testApp.logger };
    const first = createRebalanceExecutor({ ...deps, settings: { passIntervalMs: 500 } });
    const client = await registeredKafkaClient(deps, 'multi');
    const proposal = await requireProposal(deps.db, 'multi', again.body.id);
    await approveProposal({ db: deps.db, executor: first }, client, proposal, 10 * 1024, { actor: 'test', actorKind: 'user', sourceIp: null });
    await waitFor('throttles on', async () => ((await api('GET', `${PROPOSALS}/${again.body.id}`)).body.throttlesSet ? true : undefined));
    await first.deactivate();
    expect((await api('GET', `${PROPOSALS}/${again.body.id}`)).body.state).toBe('executing');
    expect((await throttlesLeft([topic])).length).toBeGreaterThan(0);
    expect((await api('POST', `${PROPOSALS}/${again.body.id}/approve`, { throttleBytesPerSecond: 10 * 1024 * 1024 })).status).toBe(409);
    const successor = createRebalanceExecutor({ ...deps, settings: { passIntervalMs: 500 } });
    expect(await successor.resumeAll()).toContain(again.body.id);
    const resumed = await finished(again.body.id);
    expect(resumed.state).toBe('done');
    expect(await throttlesLeft([topic])).toEqual([]);
    await successor.deactivate();
  });
});
