// The connector, plugin and config-history calls of the public REST API.
import type { AutoRestartPolicyBody, ClusterAutoRestart, ConnectorAutoRestart, CreateConnector, OffsetsChanged, ValidateConfig } from '../api/types';
import { del, get, patch, post, put } from '../lib/api';
import type {
  ClusterPlugins,
  ConfigDiff,
  ConfigValidation,
  ConfigVersionDetail,
  ConfigVersionList,
  ConnectorActivity,
  ConnectorConfig,
  ConnectorDetail,
  ConnectorOffsets,
  ConnectorPage,
  PluginDefinition,
  RestartScope,
  WriteResult,
} from './types';

const enc = encodeURIComponent;

export const clusterPath = (connectId: string) => `/api/v1/connect/${enc(connectId)}`;
export const connectorPath = (connectId: string, name: string) => `${clusterPath(connectId)}/connectors/${enc(name)}`;

export interface ConnectorListQuery {
  state?: string;
  connectId?: string;
  class?: string;
  q?: string;
  type?: string;
  page: number;
  size: number;
}

export function listConnectors(query: ConnectorListQuery, signal?: AbortSignal): Promise<ConnectorPage> {
  return get<ConnectorPage>('/api/v1/connectors', {
    signal,
    query: {
      state: query.state || undefined,
      connectId: query.connectId || undefined,
      class: query.class?.trim() || undefined,
      q: query.q?.trim() || undefined,
      type: query.type || undefined,
      page: query.page,
      size: query.size,
    },
  });
}

export const getConnector = (connectId: string, name: string, signal?: AbortSignal) =>
  get<ConnectorDetail>(connectorPath(connectId, name), { signal });

export const putConnector = (connectId: string, name: string, config: ConnectorConfig) =>
  put<WriteResult>(connectorPath(connectId, name), { config });

/** Create-only: a connector by that name already there is refused (409, `field: name`), never replaced. */
export const createConnector = (connectId: string, name: string, config: ConnectorConfig) =>
  post<WriteResult>(`${clusterPath(connectId)}/connectors`, { name, config } satisfies CreateConnector);

export const deleteConnector = (connectId: string, name: string) => del<void>(connectorPath(connectId, name));

export type StateAction = 'pause' | 'resume' | 'stop';

export const changeState = (connectId: string, name: string, action: StateAction) =>
  post<unknown>(`${connectorPath(connectId, name)}/${action}`);

export function restartConnector(connectId: string, name: string, scope: RestartScope) {
  const query = scope === 'connector' ? undefined : { includeTasks: true, onlyFailed: scope === 'failed' };
  return post<unknown>(`${connectorPath(connectId, name)}/restart`, undefined, { query });
}

export const restartTask = (connectId: string, name: string, taskId: number) =>
  post<unknown>(`${connectorPath(connectId, name)}/tasks/${taskId}/restart`);

export const getOffsets = (connectId: string, name: string, signal?: AbortSignal) =>
  get<ConnectorOffsets>(`${connectorPath(connectId, name)}/offsets`, { signal });

export const alterOffsets = (connectId: string, name: string, offsets: ConnectorOffsets) =>
  patch<OffsetsChanged>(`${connectorPath(connectId, name)}/offsets`, offsets);

export const resetOffsets = (connectId: string, name: string) => del<OffsetsChanged>(`${connectorPath(connectId, name)}/offsets`);

export const listVersions = (connectId: string, name: string, page = 1, size = 100, signal?: AbortSignal) =>
  get<ConfigVersionList>(`${connectorPath(connectId, name)}/history`, { signal, query: { page, size } });

export const getVersion = (connectId: string, name: string, version: number, signal?: AbortSignal) =>
  get<ConfigVersionDetail>(`${connectorPath(connectId, name)}/history/${version}`, { signal });

export const diffVersions = (connectId: string, name: string, from: number, to: number, signal?: AbortSignal) =>
  get<ConfigDiff>(`${connectorPath(connectId, name)}/history/diff`, { signal, query: { from, to } });

export const rollback = (connectId: string, name: string, version: number) =>
  post<WriteResult>(`${connectorPath(connectId, name)}/rollback`, { version });

export const clusterPlugins = (connectId: string, signal?: AbortSignal) =>
  get<ClusterPlugins>(`${clusterPath(connectId)}/plugins`, { signal });

export const pluginDefinition = (connectId: string, pluginClass: string, signal?: AbortSignal) =>
  get<PluginDefinition>(`${clusterPath(connectId)}/plugins/${enc(pluginClass)}/config`, { signal });

/**
 * `connector` names the connector being edited, so masked secrets are checked with their stored values;
 * `create` has the server report a name already in use (`nameTaken`).
 */
export const validateConfig = (connectId: string, pluginClass: string, config: ConnectorConfig, options: { connector?: string; create?: boolean } = {}) =>
  put<ConfigValidation>(`${clusterPath(connectId)}/plugins/${enc(pluginClass)}/validate`, { config, ...options } satisfies ValidateConfig);

/** Records per second, last record, lag and per-task progress, read from Kafka; the rate needs a second call. */
export const getConnectorActivity = (connectId: string, name: string, signal?: AbortSignal) =>
  get<ConnectorActivity>(`${connectorPath(connectId, name)}/activity`, { signal });

// Auto-restart: the policy in effect (the connector's own, the cluster's default or the built-in one) and its state.
const autoRestartPath = (connectId: string, name: string) => `${connectorPath(connectId, name)}/auto-restart`;

export const getAutoRestart = (connectId: string, name: string, signal?: AbortSignal) =>
  get<ConnectorAutoRestart>(autoRestartPath(connectId, name), { signal });

export const putAutoRestart = (connectId: string, name: string, policy: AutoRestartPolicyBody) =>
  put<ConnectorAutoRestart>(autoRestartPath(connectId, name), policy);

/** The connector follows the cluster's default again. */
export const removeAutoRestart = (connectId: string, name: string) => del<ConnectorAutoRestart>(autoRestartPath(connectId, name));

/** The Connect cluster's default, for connectors without a policy of their own. */
export const getClusterAutoRestart = (connectId: string, signal?: AbortSignal) => get<ClusterAutoRestart>(`${clusterPath(connectId)}/auto-restart`, { signal });
export const putClusterAutoRestart = (connectId: string, policy: AutoRestartPolicyBody) => put<ClusterAutoRestart>(`${clusterPath(connectId)}/auto-restart`, policy);

export const resetAutoRestart = (connectId: string, name: string) => post<ConnectorAutoRestart>(`${autoRestartPath(connectId, name)}/reset`);
