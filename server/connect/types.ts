/**
 * The Kafka Connect REST API's shapes: `Wire*` as the worker sends them (snake_case), the rest as Connectory
 * uses them. Only client.ts sees the wire shapes.
 */

/** A connector's configuration: Connect keeps every value as a string. */
export type ConnectorConfig = Record<string, string>;

/** RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING; kept open because Connect may add states. */
export type InstanceState = string;
export type ConnectorType = 'source' | 'sink' | 'unknown';

export interface WireInstanceStatus {
  state: InstanceState;
  worker_id: string;
  trace?: string;
}

export interface WireConnectorStatus {
  name: string;
  connector: WireInstanceStatus;
  tasks: (WireInstanceStatus & { id: number })[];
  type?: ConnectorType;
}

export interface WireConnectorInfo {
  name: string;
  config: ConnectorConfig;
  tasks: { connector: string; task: number }[];
  type?: ConnectorType;
}

export interface WireConfigKey {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string | null;
  documentation: string | null;
  group: string | null;
  order_in_group: number | null;
  width: string | null;
  display_name: string | null;
  dependents: string[] | null;
}

export interface WireValidation {
  name: string;
  error_count: number;
  groups: string[];
  configs: {
    definition: WireConfigKey;
    value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean };
  }[];
}

export interface InstanceStatus {
  state: InstanceState;
  workerId: string;
  /** The Java stack trace of a FAILED instance. */
  trace?: string;
}

export interface TaskStatus extends InstanceStatus {
  id: number;
}

export interface ConnectorStatus {
  name: string;
  type: ConnectorType;
  connector: InstanceStatus;
  tasks: TaskStatus[];
}

export interface ConnectorInfo {
  name: string;
  type: ConnectorType;
  config: ConnectorConfig;
  taskIds: number[];
}

/** One entry of `GET /connectors?expand=status&expand=info`; either part may be missing mid-rebalance. */
export interface ConnectorListing {
  name: string;
  info: ConnectorInfo | undefined;
  status: ConnectorStatus | undefined;
}

export interface PluginInfo {
  class: string;
  /** source, sink, converter, header_converter, transformation, predicate… */
  type: string;
  version: string | null;
}

export interface ConfigKeyDefinition {
  name: string;
  /** BOOLEAN, CLASS, DOUBLE, INT, LIST, LONG, PASSWORD, SHORT, STRING. */
  type: string;
  required: boolean;
  defaultValue: string | null;
  importance: string | null;
  documentation: string | null;
  group: string | null;
  orderInGroup: number | null;
  width: string | null;
  displayName: string | null;
  dependents: string[];
}

export interface ConfigValidation {
  connectorClass: string;
  errorCount: number;
  groups: string[];
  fields: {
    definition: ConfigKeyDefinition;
    name: string;
    value: string | null;
    recommendedValues: string[];
    errors: string[];
    visible: boolean;
  }[];
}

/** KIP-875 offsets: partition and offset maps are connector-specific. */
export interface ConnectorOffsets {
  offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[];
}

export interface ConnectWorkerInfo {
  version: string;
  commit: string;
  kafkaClusterId: string;
}
