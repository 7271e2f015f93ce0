/**
 * Registration input → what is stored. Secrets are encrypted here; a secret sent back as the mask keeps the
 * stored one, and a mask with nothing stored behind it is refused rather than saved as the password `********`.
 */
import type { ConnectAuthSettings, ConnectTlsSettings, KafkaSaslSettings, KafkaTlsSettings } from '../db/tables';
import { ApiError } from '../http/errors';
import { SECRET_MASK } from '../secrets/masking';
import type { SecretBox } from '../secrets/secret-box';
import type { ConnectCluster, KafkaCluster } from './registry';
import type { ConnectClusterInput, KafkaClusterInput } from './schema';

function keepOrEncrypt(secrets: SecretBox, value: string, storedEnc: string | undefined, field: string): string {
  if (value !== SECRET_MASK) return secrets.encrypt(value);
  if (!storedEnc) throw ApiError.badRequest(`"${field}" holds the mask ${SECRET_MASK} but no value is stored for it: send the real value`, field);
  return storedEnc;
}

export interface KafkaSettings {
  name: string;
  bootstrapServers: string[];
  tls: KafkaTlsSettings | null;
  sasl: KafkaSaslSettings | null;
}

export function kafkaSettings(secrets: SecretBox, input: KafkaClusterInput, existing?: KafkaCluster): KafkaSettings {
  const tls = input.tls
    ? dropUndefined({
        enabled: input.tls.enabled,
        rejectUnauthorized: input.tls.rejectUnauthorized,
        caPem: input.tls.ca,
        certPem: input.tls.cert,
        keyPemEnc: input.tls.key === undefined ? undefined : keepOrEncrypt(secrets, input.tls.key, existing?.tls?.keyPemEnc, 'tls.key'),
      })
    : null;
  const sasl = input.sasl
    ? {
        mechanism: input.sasl.mechanism,
        username: input.sasl.username,
        passwordEnc: keepOrEncrypt(secrets, input.sasl.password, existing?.sasl?.passwordEnc, 'sasl.password'),
      }
    : null;
  return { name: input.name, bootstrapServers: input.bootstrapServers, tls, sasl };
}

export interface ConnectSettings {
  name: string;
  kafkaClusterId: string | null;
  auth: ConnectAuthSettings | null;
  tls: ConnectTlsSettings | null;
  workers: { url: string; agentUrl: string | null; agentTokenEnc: string | null }[];
}

export function connectSettings(secrets: SecretBox, input: ConnectClusterInput, existing?: ConnectCluster): ConnectSettings {
  // A worker's own token wins over the shared one: one leaked agent token then opens one agent, not all of them.
  // The shared token sent as the mask keeps each worker's stored token; a worker new to the registration gets the
  // stored token only when every stored worker has the same one (else there is no "shared" value to keep).
  const storedTokens = (existing?.workers ?? []).filter((worker) => worker.agentTokenEnc);
  const sharedStored = new Set(storedTokens.map((worker) => secrets.decrypt(worker.agentTokenEnc!))).size === 1 ? storedTokens[0]!.agentTokenEnc! : undefined;
  const sharedEnc = input.agentToken && input.agentToken !== SECRET_MASK ? secrets.encrypt(input.agentToken) : undefined;
  const workers = uniqueBy(input.workers, (worker) => worker.url.replace(/\/+$/, '')).map((worker, index) => {
    const url = worker.url.replace(/\/+$/, '');
    const agentUrl = worker.agentUrl?.replace(/\/+$/, '') ?? null;
    const stored = existing?.workers.find((w) => w.url === url)?.agentTokenEnc ?? undefined;
    let agentTokenEnc: string | null = null;
    if (agentUrl && worker.agentToken) agentTokenEnc = keepOrEncrypt(secrets, worker.agentToken, stored, `workers.${index}.agentToken`);
    else if (agentUrl && input.agentToken) agentTokenEnc = sharedEnc ?? keepOrEncrypt(secrets, SECRET_MASK, stored ?? sharedStored, 'agentToken');
    return { url, agentUrl, agentTokenEnc };
  });
  return {
    name: input.name,
    kafkaClusterId: input.kafkaClusterId ?? null,
    auth: connectAuth(secrets, input.auth ?? null, existing?.auth ?? null),
    tls: input.tls
      ? dropUndefined({
          caPem: input.tls.ca,
          rejectUnauthorized: input.tls.rejectUnauthorized,
          agentCertPem: input.tls.agentCert,
          agentKeyPemEnc: input.tls.agentKey === undefined ? undefined : keepOrEncrypt(secrets, input.tls.agentKey, existing?.tls?.agentKeyPemEnc, 'tls.agentKey'),
        })
      : null,
    workers,
  };
}

function connectAuth(secrets: SecretBox, auth: ConnectClusterInput['auth'], stored: ConnectAuthSettings | null): ConnectAuthSettings | null {
  if (!auth) return null;
  if (auth.kind === 'bearer') {
    return { kind: 'bearer', tokenEnc: keepOrEncrypt(secrets, auth.token, stored?.kind === 'bearer' ? stored.tokenEnc : undefined, 'auth.token') };
  }
  const storedPassword = stored?.kind === 'basic' ? stored.passwordEnc : undefined;
  return { kind: 'basic', username: auth.username, passwordEnc: keepOrEncrypt(secrets, auth.password, storedPassword, 'auth.password') };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}

/** jsonb keeps `undefined` out anyway; dropping it here keeps stored objects and audit details tidy. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
