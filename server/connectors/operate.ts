/** Operating connectors on Connect: pause, resume, stop, restarts and offsets. Each change is audited. */
import { audited } from '../audit/audited';
import type { AuditActor } from '../audit/record';
import { askConnect } from '../connect/api-errors';
import type { OpenedCluster, ConnectServices } from '../connect/services';
import type { ConnectorOffsets, ConnectorStatus } from '../connect/types';

export type StateChange = 'pause' | 'resume' | 'stop';

function entry(opened: OpenedCluster, name: string, action: string, details: Record<string, unknown> = {}, reason?: string) {
  return { action, clusterId: opened.cluster.id, objectType: 'connector', objectId: name, details: reason ? { ...details, reason } : details };
}

export async function changeState(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  change: StateChange,
  reason?: string,
): Promise<void> {
  const { client } = opened;
  const call = { pause: () => client.pauseConnector(name), resume: () => client.resumeConnector(name), stop: () => client.stopConnector(name) }[change];
  await audited(services.db, who, entry(opened, name, `connector.${change}`, {}, reason), () => askConnect(opened.cluster.id, call));
}

export interface RestartOptions {
  includeTasks: boolean;
  onlyFailed: boolean;
}

/** KIP-745 restart; with either flag Connect answers which instances it is restarting (state RESTARTING). */
export async function restartConnector(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  options: RestartOptions,
  reason?: string,
): Promise<ConnectorStatus | undefined> {
  return audited(
    services.db,
    who,
    entry(opened, name, 'connector.restart', { ...options }, reason),
    () => askConnect(opened.cluster.id, () => opened.client.restartConnector(name, options)),
    (status) => ({ restarting: restartingInstances(status) }),
  );
}

function restartingInstances(status: ConnectorStatus | undefined): string[] {
  if (!status) return ['connector'];
  const instances = status.connector.state === 'RESTARTING' ? ['connector'] : [];
  return [...instances, ...status.tasks.filter((task) => task.state === 'RESTARTING').map((task) => `task ${task.id}`)];
}

export async function restartTask(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  taskId: number,
  reason?: string,
): Promise<void> {
  await audited(services.db, who, entry(opened, name, 'connector.task.restart', { taskId }, reason), () =>
    askConnect(opened.cluster.id, () => opened.client.restartTask(name, taskId)),
  );
}

export async function readOffsets(opened: OpenedCluster, name: string): Promise<ConnectorOffsets> {
  return askConnect(opened.cluster.id, () => opened.client.connectorOffsets(name));
}

/** Connect refuses unless the connector is STOPPED; its message says so. */
export async function alterOffsets(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  offsets: ConnectorOffsets,
): Promise<{ message: string }> {
  return audited(services.db, who, entry(opened, name, 'connector.offsets.alter', { offsets: offsets.offsets }), () =>
    askConnect(opened.cluster.id, () => opened.client.alterConnectorOffsets(name, offsets)),
  );
}

export async function resetOffsets(services: ConnectServices, opened: OpenedCluster, who: AuditActor, name: string): Promise<{ message: string }> {
  return audited(services.db, who, entry(opened, name, 'connector.offsets.reset'), () =>
    askConnect(opened.cluster.id, () => opened.client.resetConnectorOffsets(name)),
  );
}
