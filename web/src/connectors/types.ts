// Shapes of the server's connector API (/api/v1/connectors, /api/v1/connect/{c}/...).

/** RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING, or UNKNOWN mid-rebalance. */
export type ConnectorStateName = string;
export type ConnectorType = 'source' | 'sink' | 'unknown';

export const CONNECTOR_STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING'] as const;
export const TASK_COUNT_STATES = ['running', 'failed', 'paused', 'stopped', 'unassigned', 'restarting'] as const;

export type TaskCounts = Record<(typeof TASK_COUNT_STATES)[number], number> & { total: number };

export interface TaskSummary {
  id: number;
  state: ConnectorStateName;
  workerId: string;
}

export interface ConnectorSummary {
  connectId: string;
  name: string;
  type: ConnectorType;
  class: string | null;
  state: ConnectorStateName;
  workerId: string | null;
  tasks: TaskSummary[];
  taskCounts: TaskCounts;
}

export interface ClusterFailure {
  connectId: string;
  code: string;
  message: string;
}

export interface ConnectorPage {
  items: ConnectorSummary[];
  total: number;
  /** Connect clusters left out because they could not be asked. */
  errors?: ClusterFailure[];
}

export type ConnectorConfig = Record<string, string>;

export interface TaskDetail extends TaskSummary {
  trace: string | null;
}

export interface ConnectorDetail {
  connectId: string;
  name: string;
  type: ConnectorType;
  class: string | null;
  state: ConnectorStateName;
  workerId: string | null;
  trace: string | null;
  config: ConnectorConfig;
  tasks: TaskDetail[];
  taskCounts: TaskCounts;
  /** null when the worker does not track topics (KIP-558 off). */
  topics: string[] | null;
}

export interface WriteResult {
  connectId: string;
  name: string;
  created: boolean;
  changed: boolean;
  version: number | null;
  config: ConnectorConfig;
}

export interface OffsetEntry {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConnectorOffsets {
  offsets: OffsetEntry[];
}

export type ConfigSource = 'connectory' | 'external';

export interface ConfigVersion {
  version: number;
  source: ConfigSource;
  actor: string | null;
  configHash: string;
  createdAt: string;
}

export interface ConfigVersionList {
  items: ConfigVersion[];
  total: number;
}

export interface ConfigVersionDetail extends ConfigVersion {
  config: ConnectorConfig;
}

export type ConfigChangeKind = 'added' | 'removed' | 'changed';

export interface ConfigChange {
  key: string;
  change: ConfigChangeKind;
  before?: string;
  after?: string;
}

export interface ConfigDiff {
  from: number;
  to: number;
  changes: ConfigChange[];
}

export interface PluginInfo {
  class: string;
  type: string;
  version: string | null;
}

export interface ClusterPlugins {
  workers: { url: string; status: 'up' | 'down'; error?: string; plugins: PluginInfo[] }[];
  plugins: { class: string; type: string; versions: string[]; workers: string[]; onEveryWorker: boolean }[];
}

export interface ConfigKeyDefinition {
  name: string;
  /** BOOLEAN, CLASS, DOUBLE, INT, LIST, LONG, PASSWORD, SHORT, STRING. */
  type: string;
  required: boolean;
  defaultValue: string | null;
  /** HIGH, MEDIUM, LOW. */
  importance: string | null;
  documentation: string | null;
  group: string | null;
  orderInGroup: number | null;
  width: string | null;
  displayName: string | null;
  dependents: string[];
}

export interface PluginDefinition {
  connectorClass: string;
  groups: string[];
  keys: ConfigKeyDefinition[];
}

export interface ValidatedField {
  name: string;
  value: string | null;
  errors: string[];
  recommendedValues: string[];
  visible: boolean;
  definition: ConfigKeyDefinition;
}

export interface ConfigValidation {
  connectorClass: string;
  errorCount: number;
  groups: string[];
  fields: ValidatedField[];
}

export type RestartScope = 'connector' | 'all' | 'failed';
