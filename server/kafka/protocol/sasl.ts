import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticate, SaslHandshake } from './apis/sasl';
import type { BrokerConnection } from './connection';
import { KafkaApiError } from './errors';

export interface SaslCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

/** What the SASL exchange needs from a connection: just sending requests. */
type Sender = Pick<BrokerConnection, 'request'>;

const KAFKA_MECHANISM = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/** SASL/PLAIN or SASL/SCRAM over SaslHandshake v1 + SaslAuthenticate, run once right after ApiVersions. */
export async function authenticateSasl(connection: Sender, credentials: SaslCredentials): Promise<void> {
  const mechanism = KAFKA_MECHANISM[credentials.mechanism];
  const handshake = await connection.request(SaslHandshake, { mechanism });
  if (handshake.errorCode !== 0) {
    throw new KafkaApiError(handshake.errorCode, `SASL handshake (${mechanism}; the broker offers ${handshake.mechanisms.join(', ') || 'none'})`);
  }
  const exchange = async (message: Buffer): Promise<Buffer> => {
    const answer = await connection.request(SaslAuthenticate, { authBytes: message });
    if (answer.errorCode !== 0) throw new KafkaApiError(answer.errorCode, `SASL ${mechanism} authentication as "${credentials.username}"`, answer.errorMessage);
    return answer.authBytes;
  };
  if (credentials.mechanism === 'plain') {
    await exchange(Buffer.from(`\0${credentials.username}\0${credentials.password}`, 'utf8'));
    return;
  }
  const scram = new ScramClient(credentials.mechanism === 'scram-sha-256' ? 'sha256' : 'sha512', credentials.username, credentials.password);
  const serverFirst = await exchange(Buffer.from(scram.clientFirst(), 'utf8'));
  const serverFinal = await exchange(Buffer.from(scram.clientFinal(serverFirst.toString('utf8')), 'utf8'));
  scram.verifyServerFinal(serverFinal.toString('utf8'));
}

/** RFC 5802 client side, without channel binding (Kafka does not use it). */
export class ScramClient {
  readonly #nonce: string;
  #authMessage = '';
  #saltedPassword = Buffer.alloc(0);

  constructor(
    readonly digest: 'sha256' | 'sha512',
    readonly username: string,
    readonly password: string,
    nonce = randomBytes(24).toString('base64'),
  ) {
    this.#nonce = nonce;
  }

  clientFirst(): string {
    return `n,,${this.#clientFirstBare()}`;
  }

  clientFinal(serverFirst: string): string {
    const fields = parseScram(serverFirst);
    const serverNonce = fields.get('r');
    const salt = fields.get('s');
    const iterations = Number(fields.get('i'));
    if (fields.has('e')) throw new Error(`SASL SCRAM: the broker refused: ${fields.get('e')}`);
    if (!serverNonce?.startsWith(this.#nonce) || !salt || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error('SASL SCRAM: the broker sent an invalid first message');
    }
    const keyLength = this.digest === 'sha256' ? 32 : 64;
    this.#saltedPassword = pbkdf2Sync(this.password, Buffer.from(salt, 'base64'), iterations, keyLength, this.digest);
    const withoutProof = `c=biws,r=${serverNonce}`;
    this.#authMessage = `${this.#clientFirstBare()},${serverFirst},${withoutProof}`;
    const clientKey = this.#hmac(this.#saltedPassword, 'Client Key');
    const storedKey = createHash(this.digest).update(clientKey).digest();
    const signature = this.#hmac(storedKey, this.#authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  verifyServerFinal(serverFinal: string): void {
    const fields = parseScram(serverFinal);
    if (fields.has('e')) throw new Error(`SASL SCRAM: the broker refused: ${fields.get('e')}`);
    const expected = this.#hmac(this.#hmac(this.#saltedPassword, 'Server Key'), this.#authMessage);
    const received = Buffer.from(fields.get('v') ?? '', 'base64');
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
      throw new Error('SASL SCRAM: the broker could not prove it knows the password (server signature mismatch)');
    }
  }

  #clientFirstBare(): string {
    const saslName = this.username.replace(/=/g, '=3D').replace(/,/g, '=2C');
    return `n=${saslName},r=${this.#nonce}`;
  }

  #hmac(key: Buffer, text: string): Buffer {
    return createHmac(this.digest, key).update(text, 'utf8').digest();
  }
}

function parseScram(message: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of message.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  return fields;
}
