import { toApiError } from './api-errors';
import { ConnectError } from './errors';
import { FieldsError } from './field-errors';
import type { ConnectServices, OpenedCluster } from './services';
import type { ConfigValidation, ConnectorConfig } from './types';

/** The plugin's validation; a missing or unknown connector class is an invalid `connector.class`, not an error of Connect's. */
export async function validateConfig(services: ConnectServices, opened: OpenedCluster, config: ConnectorConfig): Promise<ConfigValidation> {
  const connectorClass = config['connector.class'];
  if (!connectorClass) throw invalidClass('Missing required configuration "connector.class"');
  try {
    const validation = await opened.client.validateConfig(connectorClass, config);
    services.passwordKeys.remember(opened.cluster.id, connectorClass, validation.fields.map((field) => field.definition));
    return validation;
  } catch (error) {
    const unknown = error instanceof ConnectError ? unknownClassMessage(error.connectMessage) : undefined;
    if (unknown) throw invalidClass(unknown);
    throw toApiError(error, opened.cluster.id);
  }
}

function invalidClass(message: string): FieldsError {
  return new FieldsError(400, 'invalid_config', `Connector config: ${message}`, [{ name: 'connector.class', errors: [message] }]);
}

/** Connect answers an unknown class with a 400 or 500 whose message lists every plugin it has: keep the first sentence. */
function unknownClassMessage(message: string): string | undefined {
  const match = /Failed to find any class that implements Connector and which name matches ([^\s,]+)/.exec(message);
  return match ? `No connector plugin on this Connect cluster matches "${match[1]}"` : undefined;
}
