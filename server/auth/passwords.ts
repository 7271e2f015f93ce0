import { hash, verify } from '@node-rs/argon2';
import { randomSecret } from './hashing';

/** API minimum; ADMIN_PASSWORD keeps its own (config.ts). */
export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work one login can cause: argon2 cost grows with input length. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes, 1 lane — OWASP's
 * recommended minimum. The PHC string carries the parameters, so raising them later keeps old hashes verifiable.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a 500 that tells the caller the user exists.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a hash of nothing anyone knows, so an unknown username costs as much time as a wrong
 * password and response timing does not reveal which usernames exist.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(await prepareDummyHash(), password);
}

/** Made ahead of the first login, so even the first unknown username costs no more than a wrong password. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomSecret());
  return dummyHash;
}

/** A password for the first admin when ADMIN_PASSWORD is not set: 24 random bytes, 32 characters. */
export function generatePassword(): string {
  return randomSecret(24);
}
