/**
 * Writing connector configs: create only (refusing a name in use), create or update idempotently, roll back to a recorded version, delete.
 * Every write is validated by the plugin first, recorded as a config version and audited.
 */
import { audited, recordFailure } from '../audit/audited';
import { recordAudit, type AuditActor } from '../audit/record';
import { askConnect, toApiError } from '../connect/api-errors';
import { ConnectError } from '../connect/errors';
import type { ConnectServices, OpenedCluster } from '../connect/services';
import type { ConnectorConfig } from '../connect/types';
import { ApiError } from '../http/errors';
import { maskConfig, mergeMasked, type PasswordKeys } from '../secrets/masking';
import { sameConfig } from './canonical';
import { diffConfigs } from './diff';
import { FieldsError, type FieldError } from '../connect/field-errors';
import { validateConfig } from '../connect/validation';
import { forgetKnownLatest, getVersion, latestVersion, noticeConfig, recordWrite } from './history';

export interface WriteResult {
  connectId: string;
  name: string;
  /** The connector did not exist before. */
  created: boolean;
  /** Connect's config changed; false when the same config was sent again. */
  changed: boolean;
  /** The config's version in history (new when changed). */
  version: number | null;
  /** The config now in effect, secrets masked. */
  config: Record<string, string>;
}

interface WriteIntent {
  /** `connector.update` unless a rollback. */
  action: 'connector.update' | 'connector.rollback';
  details?: Record<string, unknown>;
}

/**
 * Creates or updates a connector. Masked values in `incoming` keep the secret Connect (or, for a deleted
 * connector, history) holds. Sending the config already in effect changes nothing and records nothing.
 */
export async function putConnector(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  incoming: Record<string, string>,
  intent: WriteIntent = { action: 'connector.update' },
): Promise<WriteResult> {
  const connectId = opened.cluster.id;
  const { client } = opened;
  const observedAt = new Date();
  const current = await askConnect(connectId, () => client.findConnectorConfig(name));
  // Whatever someone else changed before this write is theirs: record it first, so our version shows only our change.
  if (current) await noticeConfig(services.db, services.secrets, { connectId, name, config: current, observedAt });
  const stored = current ?? (await latestVersion(services.db, services.secrets, connectId, name))?.config ?? {};
  const config = withName(name, mergeMasked(incoming, stored) as ConnectorConfig);
  const passwordKeys = await validateOrThrow(services, opened, name, config);
  const masked = maskConfig(config, passwordKeys);

  if (current && sameConfig(name, current, config)) {
    const latest = await latestVersion(services.db, services.secrets, connectId, name);
    return { connectId, name, created: false, changed: false, version: latest?.version ?? null, config: masked };
  }

  const action = current ? intent.action : 'connector.create';
  const version = await writeAndRecord(services, opened, who, { action, name, config, current, passwordKeys, details: intent.details }, () =>
    client.putConnectorConfig(name, config),
  );
  return { connectId, name, created: !current, changed: true, version, config: masked };
}

/**
 * Creates a connector, refusing a name already in use (409, `field: name`) instead of replacing that
 * connector's config. Connect's own create-only call backs the check, so a race for the name loses cleanly.
 */
export async function createConnector(
  services: ConnectServices,
  opened: OpenedCluster,
  who: AuditActor,
  name: string,
  incoming: Record<string, string>,
  initialState?: 'PAUSED' | 'STOPPED',
): Promise<WriteResult> {
  const connectId = opened.cluster.id;
  const { client } = opened;
  if (await askConnect(connectId, () => client.findConnectorConfig(name))) throw nameTaken(connectId, name);
  // A deleted connector's history may still fill masked secrets, as with PUT.
  const stored = (await latestVersion(services.db, services.secrets, connectId, name))?.config ?? {};
  const config = withName(name, mergeMasked(incoming, stored) as ConnectorConfig);
  const passwordKeys = await validateOrThrow(services, opened, name, config);
  const details = initialState ? { initialState } : undefined;
  const version = await writeAndRecord(services, opened, who, { action: 'connector.create', name, config, passwordKeys, details }, async () => {
    try {
      await client.createConnector(name, config, initialState);
    } catch (error) {
      if (error instanceof ConnectError && error.status === 409 && /already exists/i.test(error.connectMessage)) throw nameTaken(connectId, name);
      throw error;
    }
  });
  return { connectId, name, created: true, changed: true, version, config: maskConfig(config, passwordKeys) };
}

/** The 409 a create answers for a name in use; the UI links `field: name` to the existing connector. */
export function nameTaken(connectId: string, name: string): ApiError {
  return new ApiError(409, 'already_exists', `A connector named "${name}" already exists on Connect cluster "${connectId}": open it to change it, or choose another name`, 'name');
}

interface Write {
  action: 'connector.create' | 'connector.update' | 'connector.rollback';
  name: string;
  config: ConnectorConfig;
  current?: ConnectorConfig;
  passwordKeys: PasswordKeys;
  details?: Record<string, unknown>;
}

/** Sends the write to Connect, then records the new config version and the audit entry (a failure is audited too). */
async function writeAndRecord(services: ConnectServices, opened: OpenedCluster, who: AuditActor, write: Write, send: () => Promise<unknown>): Promise<number> {
  const connectId = opened.cluster.id;
  const { name, config, passwordKeys } = write;
  const entry = { action: write.action, clusterId: connectId, objectType: 'connector', objectId: name, passwordKeys };
  const writeStartedAt = new Date();
  try {
    await send();
  } catch (error) {
    const apiError = toApiError(error, connectId);
    await recordFailure(services.db, who, { ...entry, details: write.details }, apiError);
    throw apiError;
  }
  const version = await services.db.transaction(async (tx) => {
    const recorded = await recordWrite(tx, services.secrets, { connectId, name, config, actor: who.actor, writeStartedAt });
    const changes = diffConfigs(write.current ?? {}, config, passwordKeys);
    await recordAudit(tx, who, { ...entry, details: { ...write.details, version: recorded.version, changes } });
    return recorded.version;
  });
  forgetKnownLatest(services.db, connectId);
  return version;
}

/** Writes a recorded version back (with its real secrets) as a new version. */
export async function rollbackConnector(services: ConnectServices, opened: OpenedCluster, who: AuditActor, name: string, version: number): Promise<WriteResult> {
  const target = await getVersion(services.db, services.secrets, opened.cluster.id, name, version);
  if (!target) throw ApiError.notFound(`Connector "${name}" on Connect cluster "${opened.cluster.id}" has no config version ${version}`);
  return putConnector(services, opened, who, name, target.config, { action: 'connector.rollback', details: { toVersion: version } });
}

export async function deleteConnector(services: ConnectServices, opened: OpenedCluster, who: AuditActor, name: string): Promise<void> {
  const connectId = opened.cluster.id;
  await audited(services.db, who, { action: 'connector.delete', clusterId: connectId, objectType: 'connector', objectId: name }, () =>
    askConnect(connectId, () => opened.client.deleteConnector(name)),
  );
}

function withName(name: string, config: ConnectorConfig): ConnectorConfig {
  if (config.name !== undefined && config.name !== name) {
    throw new FieldsError(400, 'invalid_config', `Config key "name" is "${config.name}" but the connector is "${name}"`, [
      { name: 'name', errors: [`must be "${name}" (the connector's name) or left out`] },
    ]);
  }
  return { ...config, name };
}

/**
 * Asks the plugin to validate the config; throws 400 `invalid_config` naming every bad field. Returns the
 * plugin's PASSWORD keys, which mask this config everywhere it is shown.
 */
export async function validateOrThrow(services: ConnectServices, opened: OpenedCluster, name: string, config: ConnectorConfig): Promise<PasswordKeys> {
  const validation = await validateConfig(services, opened, config);
  const passwordKeys = new Set(validation.fields.filter((field) => field.definition.type === 'PASSWORD').map((field) => field.name));
  const bad: FieldError[] = validation.fields.filter((field) => field.errors.length > 0).map((field) => ({ name: field.name, errors: field.errors }));
  if (bad.length > 0 || validation.errorCount > 0) {
    const list = bad.map((field) => field.name).join(', ') || 'errors without a field';
    throw new FieldsError(400, 'invalid_config', `The config of connector "${name}" is invalid (${bad.length} bad field${bad.length === 1 ? '' : 's'}: ${list})`, bad);
  }
  return passwordKeys;
}
