/**
 * Secret references in desired-state files: `${env:NAME}` and `${file:path}` are replaced by the CLI, on the
 * machine that runs it, so secrets live in the pipeline's secret store and never in git. A path is relative to
 * the YAML file that names it. `${file:path:key}` (three parts) is Kafka Connect's own FileConfigProvider
 * syntax: it is left as it is, for the worker to resolve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isSecretKey } from '../secrets/masking';
import { FormatError, FormatErrors, type ConnectorDocument } from './format';

const REFERENCE = /\$\{(env|file):([^}:]+)\}/g;

export type Environment = Readonly<Record<string, string | undefined>>;

/** The configs with every reference replaced; every unset variable or unreadable file is reported at once. */
export function resolveReferences(documents: ConnectorDocument[], env: Environment): ConnectorDocument[] {
  const errors: FormatError[] = [];
  const resolved = documents.map((doc) => {
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config)) {
      config[key] = value.replace(REFERENCE, (whole, kind: string, target: string) => {
        const found = kind === 'env' ? env[target] : readReferencedFile(doc.source.file, target);
        if (found === undefined) {
          const why = kind === 'env' ? `environment variable ${target} is not set` : `file ${target} cannot be read`;
          errors.push(new FormatError(`connector "${doc.name}", config "${key}": ${whole} cannot be resolved: ${why}`, doc.source));
          return whole;
        }
        return found;
      });
    }
    return { ...doc, config };
  });
  if (errors.length > 0) throw new FormatErrors(errors);
  return resolved;
}

/** The file's content without its final newline (what `echo secret > file` leaves). */
function readReferencedFile(yamlFile: string, target: string): string | undefined {
  try {
    return readFileSync(path.resolve(path.dirname(yamlFile), target), 'utf8').replace(/\r?\n$/, '');
  } catch {
    return undefined;
  }
}

/** Keys that look secret but hold a literal value in the files: a secret committed to git, worth a warning. */
export function literalSecrets(documents: ConnectorDocument[]): { name: string; key: string; source: ConnectorDocument['source'] }[] {
  return documents.flatMap((doc) =>
    Object.entries(doc.config)
      .filter(([key, value]) => value !== '' && isSecretKey(key) && !/\$\{[^}]+\}/.test(value))
      .map(([key]) => ({ name: doc.name, key, source: doc.source })),
  );
}

/** The environment variable an export names for a connector's secret: `orders-source` + `database.password` → `ORDERS_SOURCE_DATABASE_PASSWORD`. */
export function secretVariableName(connector: string, key: string): string {
  return `${connector}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(?=\d)/, '_');
}
