// "Save as template": a connector's config turned into a template. Secrets come masked from the server and become
// blanks with no default (templates hold no secrets); any other key the person picks becomes a blank whose
// default is this connector's value, so the template fills in as the connector was unless told otherwise.
import { SECRET_MASK } from '../connectors/form/definition';
import type { TemplateBody, TemplatePlaceholder } from './types';

/** Keys Connect sets itself or that name one connector: never part of a template. */
const LEFT_OUT = new Set(['name']);

/** A placeholder name is a letter or `_`, then letters, digits, `_`, `.` or `-`: a config key almost always is one. */
export function placeholderName(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

export const isMaskedSecret = (value: string) => value === SECRET_MASK;

/** The keys offered as blanks: everything but the left-out ones and the class. */
export function templatableKeys(config: Record<string, string>): string[] {
  return Object.keys(config)
    .filter((key) => !LEFT_OUT.has(key) && key !== 'connector.class')
    .sort();
}

export function templateFromConnector(
  connector: { name: string; config: Record<string, string> },
  chosen: { name: string; description: string; blanks: ReadonlySet<string> },
): TemplateBody {
  const config: Record<string, string> = {};
  const placeholders: TemplatePlaceholder[] = [];
  for (const key of templatableKeys(connector.config)) {
    const value = connector.config[key]!;
    const secret = isMaskedSecret(value);
    if (!secret && !chosen.blanks.has(key)) {
      config[key] = value;
      continue;
    }
    const name = placeholderName(key);
    config[key] = `\${${name}}`;
    placeholders.push(
      secret
        ? { name, description: `${key} (secret: never stored in the template)`, secret: true, required: true }
        : { name, description: key, default: value, required: true },
    );
  }
  const connectorClass = connector.config['connector.class'] ?? '';
  return { name: chosen.name, description: chosen.description, connectorClass, config: { ...config, 'connector.class': connectorClass }, placeholders };
}
