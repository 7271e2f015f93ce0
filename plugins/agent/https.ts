import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import type { AgentConfig } from './config';

/** The agent's TLS settings as node:https options; mutual TLS when a client CA is configured. */
export function httpsOptions(config: Pick<AgentConfig, 'tls'>): ServerOptions | undefined {
  if (!config.tls) return undefined;
  const options: ServerOptions = { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), minVersion: 'TLSv1.2' };
  if (config.tls.clientCaFile) Object.assign(options, { ca: readFileSync(config.tls.clientCaFile), requestCert: true, rejectUnauthorized: true });
  return options;
}
