import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';

/**
 * Encrypts the secrets Connectory stores (SASL passwords, agent tokens, connector configs) with AES-256-GCM.
 * Ciphertext is `v1:<iv>:<tag>:<data>` in base64url, so the format can change without guessing.
 */
export class SecretBox {
  readonly #key: Buffer;
  readonly #macKey: Buffer;

  /** `secret`: CONNECTORY_SECRET_KEY or the generated key file's contents; any string of 16+ characters. */
  constructor(secret: string) {
    if (secret.length < 16) throw new Error('Connectory secrets: the secret key must be at least 16 characters');
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'connectory', 'stored-secrets', 32));
    this.#macKey = Buffer.from(hkdfSync('sha256', secret, 'connectory', 'fingerprints', 32));
  }

  /**
   * A keyed hash (HMAC-SHA256, hex) for fingerprints over data that holds secrets: equal on every server sharing
   * the key, and worthless for guessing a secret offline to anyone who sees it.
   */
  mac(data: string): string {
    return createHmac('sha256', this.#macKey).update(data).digest('hex');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
  }

  decrypt(ciphertext: string): string {
    const [format, iv, tag, data] = ciphertext.split(':');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('Connectory secrets: stored value is not in a known encrypted format');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Connectory secrets: cannot decrypt a stored value (was CONNECTORY_SECRET_KEY changed?)');
    }
  }
}
