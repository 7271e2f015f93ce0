// Shapes of the server's connector API (/api/v1/connectors, /api/v1/connect/{c}/...).
export type { ClusterFailure, ClusterPlugins, ConfigChange, ConfigChangeKind, ConfigDiff, ConfigKeyDefinition, ConfigSource, ConfigValidation, ConfigVersion, ConfigVersionDetail, ConfigVersionList, ConnectorActivity, ConnectorConfig, ConnectorDetail, ConnectorOffsets, ConnectorPage, ConnectorSummary, ConnectorType, FailureCause, OffsetEntry, PluginDefinition, PluginInfo, TaskCounts, TaskDetail, TaskSummary, ValidatedField, ValidationProblem, WriteResult } from '../api/types';

/** RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING, or UNKNOWN mid-rebalance. */
export type ConnectorStateName = string;

export const CONNECTOR_STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING'] as const;
export const TASK_COUNT_STATES = ['running', 'failed', 'paused', 'stopped', 'unassigned', 'restarting'] as const;

export type RestartScope = 'connector' | 'all' | 'failed';
