import { createArtifactDeps, type ArtifactDeps } from '../artifacts';
import { Catalog } from '../catalog';
import type { ClientRegistry } from '../clusters/client-registry';
import type { ConnectClients } from '../clusters/clients';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { DeliveryEvents } from './events';
import { DeliveryRunner } from './runner';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from './settings';
import type { AgentFactory } from './survey';

/** Everything plugin delivery needs, built once per server. */
export interface DeliveryContext {
  db: Db;
  logger: Logger;
  secrets: SecretBox;
  artifacts: ArtifactDeps;
  /** The bundled catalog, loaded on first use. */
  catalog: () => Promise<Catalog>;
  clients: ConnectClients;
  events: DeliveryEvents;
  runner: DeliveryRunner;
  settings: DeliverySettings;
  agentFor: AgentFactory;
}

export interface DeliveryOptions {
  db: Db;
  logger: Logger;
  secrets: SecretBox;
  /** The server's clients: the runner and the catalog reach Connect and the plugin agents through them. */
  clients: ClientRegistry;
  /** The artifact store and download work folder live under `<dataDir>/artifacts`. */
  dataDir: string;
  mavenBaseUrl: string;
  settings?: Partial<DeliverySettings>;
  /** Another catalog folder (tests). */
  catalogDir?: string;
  /** Extra catalog folders and https URLs (CATALOG_SOURCES). */
  catalogSources?: string[];
  /** Fault injection (tests); the registry's agent clients otherwise. */
  agentFor?: AgentFactory;
}

export function createDelivery(options: DeliveryOptions): DeliveryContext {
  const settings = { ...DEFAULT_DELIVERY_SETTINGS, ...options.settings };
  const artifacts = createArtifactDeps({ db: options.db, dataDir: options.dataDir, mavenBaseUrl: options.mavenBaseUrl });
  const clients = options.clients.connect;
  const events = new DeliveryEvents();
  const agentFor = options.agentFor ?? ((worker, cluster) => options.clients.agents.get(worker, cluster));
  let catalog: Promise<Catalog> | undefined;
  const loadCatalog = () => {
    catalog ??= Catalog.load(options.catalogDir, options.catalogSources).then((loaded) => {
      for (const p of loaded.problems) options.logger.warn({ source: p.source, file: p.file, field: p.field }, `catalog source ${p.source}: ${p.file}${p.field ? ` ${p.field}` : ''}: ${p.message} (entry refused)`);
      return loaded;
    }).catch((error: Error) => {
      catalog = undefined;
      throw error;
    });
    return catalog;
  };
  const runner = new DeliveryRunner({ db: options.db, logger: options.logger, events, clients, artifacts, secrets: options.secrets, settings, agentFor });
  return { db: options.db, logger: options.logger, secrets: options.secrets, artifacts, catalog: loadCatalog, clients, events, runner, settings, agentFor };
}
