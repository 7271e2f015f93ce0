// How a Connect registration's plugin-agent settings are stored: a token per worker (falling back to the shared
// one), each kept when its mask comes back, and the client certificate for agents that require mutual TLS, with
// its key encrypted and masked on read. Straight through the schema and settings, as the routes use them.
import { describe, expect, it } from 'vitest';
import type { ConnectCluster } from '../../../server/clusters/registry';
import { UpdateConnectClusterSchema } from '../../../server/clusters/schema';
import { connectSettings } from '../../../server/clusters/settings';
import { connectClusterView } from '../../../server/clusters/views';
import { SECRET_MASK } from '../../../server/secrets/masking';
import { SecretBox } from '../../../server/secrets/secret-box';

const secrets = new SecretBox('agent-settings-test-key-0123456789');
const W1 = 'https://w1.example.com:8083';
const W2 = 'https://w2.example.com:8083';

function stored(input: unknown, existing?: ConnectCluster) {
  return connectSettings(secrets, UpdateConnectClusterSchema.parse(input), existing);
}

function asCluster(settings: ReturnType<typeof stored>): ConnectCluster {
  const now = new Date();
  return {
    id: 'c',
    ...settings,
    createdAt: now,
    updatedAt: now,
    workers: settings.workers.map((worker, i) => ({ id: `w${i}`, connectClusterId: 'c', ...worker })),
  } as unknown as ConnectCluster;
}

describe('Connect registration: plugin agent settings', () => {
  const base = {
    name: 'C',
    agentToken: 'shared-agent-token-0123456789',
    workers: [
      { url: W1, agentUrl: 'https://w1.example.com:8090', agentToken: 'own-token-of-worker-1-0123' },
      { url: W2, agentUrl: 'https://w2.example.com:8090' },
    ],
    tls: { ca: 'CA-PEM', agentCert: 'CLIENT-CERT-PEM', agentKey: 'CLIENT-KEY-PEM' },
  };

  it('stores a worker\'s own token, the shared token for the others, and the agent client key encrypted', () => {
    const settings = stored(base);
    expect(secrets.decrypt(settings.workers[0]!.agentTokenEnc!)).toBe('own-token-of-worker-1-0123');
    expect(secrets.decrypt(settings.workers[1]!.agentTokenEnc!)).toBe('shared-agent-token-0123456789');
    expect(settings.tls).toMatchObject({ caPem: 'CA-PEM', agentCertPem: 'CLIENT-CERT-PEM' });
    expect(JSON.stringify(settings)).not.toContain('CLIENT-KEY-PEM');
    expect(secrets.decrypt(settings.tls!.agentKeyPemEnc!)).toBe('CLIENT-KEY-PEM');
  });

  it('shows every token and the key masked, and keeps each stored value when its mask comes back', () => {
    const first = asCluster(stored(base));
    const view = connectClusterView(first);
    expect(view.workers.map((worker) => worker.agentToken)).toEqual([SECRET_MASK, SECRET_MASK]);
    expect(view.tls).toEqual({ caPem: 'CA-PEM', rejectUnauthorized: true, agentCertPem: 'CLIENT-CERT-PEM', agentKey: SECRET_MASK });
    const again = stored(
      { ...base, agentToken: SECRET_MASK, workers: [{ ...base.workers[0], agentToken: SECRET_MASK }, base.workers[1]], tls: { ...view.tls, agentKey: SECRET_MASK } },
      first,
    );
    expect(secrets.decrypt(again.workers[0]!.agentTokenEnc!)).toBe('own-token-of-worker-1-0123');
    expect(secrets.decrypt(again.workers[1]!.agentTokenEnc!)).toBe('shared-agent-token-0123456789');
    expect(secrets.decrypt(again.tls!.agentKeyPemEnc!)).toBe('CLIENT-KEY-PEM');
  });

  it('refuses a worker token mask with nothing stored behind it, naming the worker\'s field', () => {
    expect(() => stored({ ...base, workers: [base.workers[0], { ...base.workers[1], agentToken: SECRET_MASK }] })).toThrow(/"workers\.1\.agentToken" holds the mask/);
  });
});
