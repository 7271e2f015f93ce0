/**
 * How data flows through the registered clusters, derived from what is already known: source connectors and
 * the topics they write (Connect's own record of them, KIP-558, or their config), sink connectors and the
 * topics they read (`topics` / `topics.regex`), and consumer groups with the topics they commit to (the offset
 * sampler's latest sample). Plain data in, plain data out: the service gathers, this module only joins.
 *
 * A flow is one connected part of the graph source → topic → sink/group that holds at least one connector:
 * a consumer group only appears beside a topic some connector writes or reads, so the page is not a second
 * consumer-group list.
 */

export type ConnectorKind = 'source' | 'sink' | 'unknown';

export interface ConnectorFacts {
  connectId: string;
  name: string;
  type: ConnectorKind;
  class: string;
  config: Record<string, string>;
  /** The connector instance's state; UNKNOWN while Connect has no status for it. */
  state: string;
  taskStates: string[];
  /** KIP-558 `GET /connectors/{n}/topics`; null when not asked or not answered. */
  activeTopics: string[] | null;
}

export interface GroupFacts {
  groupId: string;
  state: string;
  lag: number | null;
  /** Consumed messages per second; null until two samples exist. */
  rate: number | null;
  /** Messages per second written to the partitions the group reads; null until two samples exist. */
  produceRate: number | null;
  lagStatus: string;
  topics: string[];
  /** Lag per topic (sum over its partitions); absent topics have no committed offsets. */
  topicLag: Record<string, number | null>;
}

export interface ClusterFacts {
  kafkaId: string | null;
  connectors: ConnectorFacts[];
  /** The sampler's latest view; null when there is none (the cluster was never sampled, or is unknown). */
  groups: GroupFacts[] | null;
  sampledAt: number | null;
}

export interface Tasks {
  total: number;
  running: number;
  failed: number;
}

export interface SourceNode {
  key: string;
  connectId: string;
  name: string;
  class: string;
  /** The connector's state, worsened by its tasks': FAILED if any task failed, DEGRADED if some (or all, or none exist) do not run. */
  state: string;
  connectorState: string;
  tasks: Tasks;
  topics: string[];
  /** Where the topics came from: Connect's record of what the connector wrote, or its config. */
  topicsFrom: 'connect' | 'config' | 'none';
}

export interface TopicNode {
  key: string;
  name: string;
  /** Produce rate into the topic seen by the sampler (messages per second); null when no group reads it. */
  rate: number | null;
}

export interface SinkNode {
  key: string;
  connectId: string;
  name: string;
  class: string;
  state: string;
  connectorState: string;
  tasks: Tasks;
  topics: string[];
  topicsRegex: string | null;
  /** The consumer group the sink's tasks commit with (`connect-<name>` unless overridden). */
  groupId: string;
  lag: number | null;
  rate: number | null;
  lagStatus: string | null;
}

export interface GroupNode {
  key: string;
  groupId: string;
  state: string;
  lag: number | null;
  rate: number | null;
  lagStatus: string;
  topics: string[];
}

export interface Edge {
  from: string;
  to: string;
  /** Into a sink or group: its lag on that topic. */
  lag: number | null;
  /** Into a sink or group: its consume rate (whole group); out of a source: the topic's produce rate. */
  rate: number | null;
}

export interface Flow {
  /** Stable across calls: its first source's key (else first topic, sink or group). */
  id: string;
  sources: SourceNode[];
  topics: TopicNode[];
  sinks: SinkNode[];
  groups: GroupNode[];
  edges: Edge[];
}

export const sourceKey = (connectId: string, name: string) => `source:${connectId}/${name}`;
export const sinkKey = (connectId: string, name: string) => `sink:${connectId}/${name}`;
export const topicKey = (name: string) => `topic:${name}`;
export const groupKey = (groupId: string) => `group:${groupId}`;

/** The group Connect gives a sink's consumers: `connect-<name>`, or the `consumer.override.group.id` it is told to use. */
export function sinkGroupId(connector: Pick<ConnectorFacts, 'name' | 'config'>): string {
  return connector.config['consumer.override.group.id']?.trim() || `connect-${connector.name}`;
}

function tasksOf(states: string[]): Tasks {
  return { total: states.length, running: states.filter((s) => s === 'RUNNING').length, failed: states.filter((s) => s === 'FAILED').length };
}

/** One word for a connector and its tasks, worst first: what a state colour is drawn from. */
export function overallState(connectorState: string, taskStates: string[]): string {
  if (connectorState === 'FAILED' || taskStates.includes('FAILED')) return 'FAILED';
  if (connectorState !== 'RUNNING') return connectorState;
  // no task yet (or none assigned) moves no data: not the green of a running pipeline
  if (taskStates.length === 0 || taskStates.some((s) => s !== 'RUNNING')) return 'DEGRADED';
  return 'RUNNING';
}

const splitList = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** Java's regex dialect is close enough to JavaScript's for topic patterns; an invalid one matches nothing. */
function regexOf(pattern: string | undefined): RegExp | null {
  if (!pattern?.trim()) return null;
  try {
    return new RegExp(`^(?:${pattern.trim()})$`);
  } catch {
    return null;
  }
}

/**
 * The topics a source writes: Connect's KIP-558 record when it has any, else its config — `topic` (FileStream),
 * `topics` (Camel and others), or Debezium's `topic.prefix` matched against topics seen elsewhere (prefix.…).
 */
export function sourceTopics(connector: ConnectorFacts, knownTopics: Set<string>): { topics: string[]; from: SourceNode['topicsFrom'] } {
  if (connector.activeTopics && connector.activeTopics.length > 0) return { topics: [...connector.activeTopics].sort(), from: 'connect' };
  const config = connector.config;
  const named = [...splitList(config.topic), ...splitList(config.topics), ...splitList(config['kafka.topic'])];
  const prefix = config['topic.prefix']?.trim();
  const prefixed = prefix ? [...knownTopics].filter((t) => t.startsWith(`${prefix}.`)) : [];
  const topics = [...new Set([...named, ...prefixed])].sort();
  return { topics, from: topics.length ? 'config' : 'none' };
}

/** The topics a sink reads: its `topics` list, and those known topics its `topics.regex` matches (or its group commits to). */
export function sinkTopics(connector: ConnectorFacts, knownTopics: Set<string>, group: GroupFacts | undefined): string[] {
  const listed = splitList(connector.config.topics);
  const regex = regexOf(connector.config['topics.regex']);
  const matched = regex ? [...knownTopics, ...(group?.topics ?? [])].filter((t) => regex.test(t)) : [];
  return [...new Set([...listed, ...matched])].sort();
}

/** Every flow of one Kafka cluster (and the Connect clusters writing to it). */
export function deriveFlows(facts: ClusterFacts): Flow[] {
  const groups = new Map((facts.groups ?? []).map((g) => [g.groupId, g]));
  const sourceFacts = facts.connectors.filter((c) => c.type === 'source');
  const sinkFacts = facts.connectors.filter((c) => c.type === 'sink');
  const sinkGroups = new Set(sinkFacts.map(sinkGroupId));

  // topics known without asking Kafka: what sinks name, what groups commit to, what sources were seen writing
  const known = new Set<string>();
  for (const sink of sinkFacts) splitList(sink.config.topics).forEach((t) => known.add(t));
  for (const group of groups.values()) group.topics.forEach((t) => known.add(t));
  for (const source of sourceFacts) source.activeTopics?.forEach((t) => known.add(t));

  const nodes = new Map<string, SourceNode | TopicNode | SinkNode | GroupNode>();
  const edges: Edge[] = [];
  const topicRate = new Map<string, number | null>();
  const topicNode = (name: string): string => {
    const key = topicKey(name);
    if (!nodes.has(key)) nodes.set(key, { key, name, rate: topicRate.get(name) ?? null });
    return key;
  };
  // a topic's produce rate: the log-end growth the sampler measured for a group reading that topic alone
  for (const group of groups.values()) {
    const [only] = group.topics;
    if (group.topics.length === 1 && only !== undefined && group.produceRate !== null) topicRate.set(only, Math.max(topicRate.get(only) ?? 0, group.produceRate));
  }

  for (const source of sourceFacts) {
    const { topics, from } = sourceTopics(source, known);
    const key = sourceKey(source.connectId, source.name);
    nodes.set(key, {
      key,
      connectId: source.connectId,
      name: source.name,
      class: source.class,
      state: overallState(source.state, source.taskStates),
      connectorState: source.state,
      tasks: tasksOf(source.taskStates),
      topics,
      topicsFrom: from,
    });
    for (const topic of topics) edges.push({ from: key, to: topicNode(topic), lag: null, rate: topicRate.get(topic) ?? null });
  }

  for (const sink of sinkFacts) {
    const groupId = sinkGroupId(sink);
    const group = groups.get(groupId);
    const topics = sinkTopics(sink, known, group);
    const key = sinkKey(sink.connectId, sink.name);
    nodes.set(key, {
      key,
      connectId: sink.connectId,
      name: sink.name,
      class: sink.class,
      state: overallState(sink.state, sink.taskStates),
      connectorState: sink.state,
      tasks: tasksOf(sink.taskStates),
      topics,
      topicsRegex: sink.config['topics.regex']?.trim() || null,
      groupId,
      lag: group?.lag ?? null,
      rate: group?.rate ?? null,
      lagStatus: group?.lagStatus ?? null,
    });
    for (const topic of topics) edges.push({ from: topicNode(topic), to: key, lag: group?.topicLag[topic] ?? null, rate: group?.rate ?? null });
  }

  // plain consumer groups, only beside topics a connector touches
  for (const group of groups.values()) {
    if (sinkGroups.has(group.groupId)) continue;
    const touched = group.topics.filter((t) => nodes.has(topicKey(t)));
    if (touched.length === 0) continue;
    const key = groupKey(group.groupId);
    nodes.set(key, { key, groupId: group.groupId, state: group.state, lag: group.lag, rate: group.rate, lagStatus: group.lagStatus, topics: group.topics });
    for (const topic of touched) edges.push({ from: topicKey(topic), to: key, lag: group.topicLag[topic] ?? null, rate: group.rate });
  }

  return components(nodes, edges);
}

/** Connected parts of the graph, each a flow; flows and their columns sorted so the answer is stable. */
function components(nodes: Map<string, SourceNode | TopicNode | SinkNode | GroupNode>, edges: Edge[]): Flow[] {
  const parent = new Map<string, string>([...nodes.keys()].map((k) => [k, k]));
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  for (const edge of edges) parent.set(find(edge.from), find(edge.to));

  const byRoot = new Map<string, string[]>();
  for (const key of [...nodes.keys()].sort()) {
    const root = find(key);
    byRoot.set(root, [...(byRoot.get(root) ?? []), key]);
  }
  const flows = [...byRoot.values()].map((keys): Flow => {
    const members = new Set(keys);
    const pick = <T>(prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => nodes.get(k) as T);
    const first = ['source:', 'topic:', 'sink:', 'group:'].map((prefix) => keys.find((k) => k.startsWith(prefix))).find((k) => k !== undefined);
    return {
      id: first ?? keys[0]!,
      sources: pick<SourceNode>('source:'),
      topics: pick<TopicNode>('topic:'),
      sinks: pick<SinkNode>('sink:'),
      groups: pick<GroupNode>('group:'),
      edges: edges.filter((e) => members.has(e.from)).sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    };
  });
  // a lone topic cannot happen (topics come from edges); lone connectors (no topics known) stay, as flows of one
  return flows.sort((a, b) => a.id.localeCompare(b.id));
}
