// Connectors that would restart or break when a plugin changes: asked before the change, so the
// confirmation can name them. The server lists them again, authoritatively, in the operation.
import { listConnectors } from '../connectors/api';
import type { AffectedConnector } from '../installs/types';

const MAX_CONNECTORS = 500;

export async function connectorsUsing(connectId: string, classes: Iterable<string>, signal?: AbortSignal): Promise<AffectedConnector[]> {
  const wanted = new Set(classes);
  if (wanted.size === 0) return [];
  const page = await listConnectors({ connectId, page: 1, size: MAX_CONNECTORS }, signal);
  return page.items
    .filter((connector) => connector.class !== null && wanted.has(connector.class))
    .map((connector) => ({ name: connector.name, class: connector.class!, state: connector.state }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
