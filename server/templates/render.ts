import { FieldsError, type FieldError } from '../connect/field-errors';
import { maskConfig, SECRET_MASK } from '../secrets/masking';
import { randomInt } from 'node:crypto';
import { PLACEHOLDER_PATTERN, placeholdersIn, type GENERATORS, type TemplateBody } from './schema';

/**
 * Fills a template's blanks. Every required placeholder needs a value or a default; values for names the
 * template does not declare are refused too (a typo would otherwise leave a blank silently empty). All
 * problems are reported at once, each naming its placeholder.
 */
export function renderTemplate(template: TemplateBody, values: Record<string, string>): Record<string, string> {
  const problems: FieldError[] = [];
  const resolved = new Map<string, string>();
  for (const placeholder of template.placeholders) {
    const given = values[placeholder.name] ?? placeholder.default;
    const value = placeholder.generate && !given ? generateValue(placeholder.generate) : given;
    if ((value === undefined || value === '') && placeholder.required) problems.push({ name: placeholder.name, errors: [`a value is required${placeholder.description ? ` (${placeholder.description})` : ''}`] });
    else resolved.set(placeholder.name, value ?? '');
  }
  const declared = new Set(template.placeholders.map((placeholder) => placeholder.name));
  for (const name of Object.keys(values).filter((name) => !declared.has(name))) problems.push({ name, errors: ['is not a placeholder of this template'] });
  if (problems.length > 0) {
    throw new FieldsError(400, 'missing_placeholders', `Template values missing or unknown: ${problems.map((problem) => problem.name).join(', ')}`, problems);
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.config)) config[key] = value.replace(PLACEHOLDER_PATTERN, (_, name: string) => resolved.get(name) ?? '');
  return { ...config, 'connector.class': template.connectorClass };
}

/** The rendered config as a response shows it: keys filled from a secret placeholder, or looking secret, masked. */
export function maskRendered(template: TemplateBody, rendered: Record<string, string>): Record<string, string> {
  const secretNames = new Set(template.placeholders.filter((placeholder) => placeholder.secret).map((placeholder) => placeholder.name));
  const masked = maskConfig(rendered);
  for (const [key, value] of Object.entries(template.config)) {
    if (placeholdersIn(value).some((name) => secretNames.has(name)) && rendered[key] !== '') masked[key] = SECRET_MASK;
  }
  return masked;
}

/**
 * MySQL's server ids are 1 to 2^32-1; Debezium's docs suggest 5400-6400 and many replicas sit low, so the
 * draw comes from far above that: two draws meet with a chance of about 1 in 4 billion.
 */
const SERVER_ID_RANGE = [100_000, 2 ** 32 - 1] as const;

function generateValue(kind: (typeof GENERATORS)[number]): string {
  switch (kind) {
    case 'server-id':
      return String(randomInt(...SERVER_ID_RANGE));
  }
}
