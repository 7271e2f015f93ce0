/**
 * Hides secret values in connector configs and similar maps before they reach a response, a log line or the
 * audit log. A value is secret when its key is in the plugin's PASSWORD set (from the connector's config
 * definition) or when the key looks secret by name (see isSecretKey).
 */
import { ApiError } from '../http/errors';

/** What a hidden value is replaced with; sent back unchanged on edit, it means "keep the stored value". */
export const SECRET_MASK = '********';

/** Keys of type PASSWORD in a plugin's config definition (Connect's `GET /connector-plugins/{class}/config`). */
export type PasswordKeys = ReadonlySet<string>;

const NO_PASSWORD_KEYS: PasswordKeys = new Set();

/** Connect's own connector keys, which never hold a secret whatever the plugin. */
const FRAMEWORK_KEYS = new Set([
  'name', 'connector.class', 'tasks.max', 'topics', 'topics.regex', 'topic', 'key.converter', 'value.converter',
  'header.converter', 'transforms', 'predicates', 'config.action.reload', 'errors.tolerance', 'errors.retry.timeout',
  'errors.retry.delay.max.ms', 'errors.log.enable', 'errors.log.include.messages', 'errors.deadletterqueue.topic.name',
  'errors.deadletterqueue.topic.replication.factor', 'errors.deadletterqueue.context.headers.enable',
  'exactly.once.support', 'transaction.boundary', 'offsets.storage.topic', 'tasks.max.enforce',
]);

/**
 * The PASSWORD keys of a plugin whose config definition could not be read: any key may be one, so every key
 * counts as secret except Connect's own (fail closed; the definition is asked again soon).
 */
export class UnknownPasswordKeys extends Set<string> {
  override has(key: string): boolean {
    return !FRAMEWORK_KEYS.has(key) && !/^(key|value|header)\.converter\.schemas\.enable$/.test(key);
  }
}

/** A word containing one of these is secret: `database.password`, `saslPassword`, `client.secret`, `credentials.json`. */
const SECRET_WORD_PARTS = ['password', 'passwd', 'secret', 'credential', 'passphrase'];
/** Whole words that are secret: `pwd`, `jaas` (`sasl.jaas.config` carries the password inline), glued keys. */
const SECRET_WORDS = new Set(['pwd', 'jaas', 'apikey', 'privatekey', 'secretkey', 'accesskey']);
/** Whole keys whose name gives nothing away but whose value is a credential (`user:password`). */
const SECRET_KEY_SUFFIXES = ['basic.auth.user.info', 'user.info'];
/** `<word>.key` that name data keys, not cryptographic ones: `primary.key`, `message.key`, `partition.key`. */
const DATA_KEY_OWNERS = new Set([
  'primary', 'partition', 'message', 'record', 'document', 'routing', 'row', 'sort', 'hash', 'shard', 'topic',
  'field', 'foreign', 'unique', 'natural', 'surrogate', 'composite', 'lookup', 'join', 'group', 'cache', 'idempotency',
]);

/**
 * Whether a config key names a secret. Matching is by word, so `key.converter`, `value.converter`,
 * `key.ignore`, `schema.ignore`, `message.key.columns`, `max.tokens` and `tokenizer` stay visible, while
 * `ssl.key.password`, `*.api.key`, `ssl.keystore.key`, `access.token`, `oauth.refreshToken` and
 * `sasl.jaas.config` are hidden. A key ending in the word `key` after another word (`*.key`, `apiKey`) is a key
 * in the cryptographic sense unless that word names data (`primary.key`).
 */
export function isSecretKey(key: string, passwordKeys: PasswordKeys = NO_PASSWORD_KEYS): boolean {
  if (passwordKeys.has(key)) return true;
  const normalized = normalizeKey(key);
  if (SECRET_KEY_SUFFIXES.some((suffix) => normalized === suffix || normalized.endsWith(`.${suffix}`))) return true;
  const words = normalized.split('.').filter(Boolean);
  if (words.some(isSecretWord)) return true;
  return endsWithCryptoKey(words);
}

function isSecretWord(word: string): boolean {
  return SECRET_WORDS.has(word) || word.endsWith('token') || SECRET_WORD_PARTS.some((part) => word.includes(part));
}

function endsWithCryptoKey(words: string[]): boolean {
  if (words.length < 2 || words[words.length - 1] !== 'key') return false;
  return !DATA_KEY_OWNERS.has(words[words.length - 2]!);
}

/** `saslPassword` → `sasl.password`, `API_KEY` → `api.key`, `client-secret` → `client.secret`. */
function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1.$2')
    .toLowerCase()
    .replace(/[_\-\s/:]+/g, '.');
}

/** A copy of a flat config map with secret values replaced by the mask; empty values stay empty. */
export function maskConfig<T>(config: Record<string, T>, passwordKeys: PasswordKeys = NO_PASSWORD_KEYS): Record<string, T | string> {
  const masked: Record<string, T | string> = {};
  for (const [key, value] of Object.entries(config)) masked[key] = isSecretKey(key, passwordKeys) && !isEmpty(value) ? SECRET_MASK : value;
  return masked;
}

/**
 * A deep copy with every value under a secret-looking key masked, at any depth (audit details, log objects).
 * Only plain objects and arrays are walked: Errors, Dates and Buffers are passed through as they are.
 */
export function maskSecrets<T>(value: T, passwordKeys: PasswordKeys = NO_PASSWORD_KEYS): T {
  return maskValue(value, passwordKeys, new WeakSet()) as T;
}

function maskValue(value: unknown, passwordKeys: PasswordKeys, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) {
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    return value.map((item) => maskValue(item, passwordKeys, seen));
  }
  if (!isPlainObject(value)) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    masked[key] = isSecretKey(key, passwordKeys) && !isEmpty(inner) ? SECRET_MASK : maskValue(inner, passwordKeys, seen);
  }
  return masked;
}

/**
 * The config to store when an edited config comes back: a secret still equal to the mask keeps the stored
 * value, anything else is taken as sent. A mask with nothing stored behind it is refused rather than saved as
 * the literal password `********`. So is a mask sent with another connector class or another target (see
 * retargetedBy): whoever may edit a connector must not be able to send its stored password to a host of theirs.
 */
export function mergeMasked<T>(
  incoming: Record<string, T | string>,
  stored: Record<string, T | string>,
): Record<string, T | string> {
  const merged: Record<string, T | string> = {};
  for (const [key, value] of Object.entries(incoming)) {
    if (value !== SECRET_MASK) {
      merged[key] = value;
      continue;
    }
    if (!Object.hasOwn(stored, key)) {
      throw ApiError.badRequest(`Config key "${key}" holds the secret mask but no value is stored for it: send the real value`, key);
    }
    const moved = retargetedBy(incoming, stored);
    if (moved) {
      throw ApiError.badRequest(`Config key "${key}" holds the secret mask, but "${moved}" changed: send the secret again to use it there`, key);
    }
    merged[key] = stored[key]!;
  }
  return merged;
}

/** The masked values `mergeMasked` filled in from `stored` (for the audit log: which secrets a call used). */
export function keptSecrets(incoming: Record<string, unknown>): string[] {
  return Object.keys(incoming).filter((key) => incoming[key] === SECRET_MASK);
}

/** Words naming where a connector connects: `connection.url`, `database.hostname`, `bootstrap.servers`, `aws.endpoint`. */
const TARGET_WORDS = new Set([
  'host', 'hosts', 'hostname', 'url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'server', 'servers', 'address',
  'addresses', 'port', 'dsn', 'jdbc', 'bootstrap', 'broker', 'brokers', 'domain', 'connectionstring',
]);

/** Whether a key names a host, URL, endpoint or connection string (by word, like isSecretKey). */
export function isTargetKey(key: string): boolean {
  const normalized = normalizeKey(key);
  if (key === 'connector.class' || normalized.includes('connection.string')) return true;
  return !isSecretKey(key) && normalized.split('.').some((word) => TARGET_WORDS.has(word) || word.endsWith('url') || word.endsWith('host'));
}

/** The first target key (or `connector.class`) whose value differs between the two configs, if any. */
export function retargetedBy(incoming: Record<string, unknown>, stored: Record<string, unknown>): string | undefined {
  const keys = [...new Set([...Object.keys(incoming), ...Object.keys(stored)])].filter(isTargetKey).sort();
  return keys.find((key) => incoming[key] !== SECRET_MASK && (incoming[key] ?? '') !== (stored[key] ?? ''));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
