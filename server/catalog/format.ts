/**
 * The format of the catalog's YAML files (catalog/*.yaml), one schema per file kind. Catalog
 * entries embed connector templates in the templates API's own format (server/templates/schema.ts).
 */
import semver from 'semver';
import { z } from 'zod';
import { parseCoordinates } from '../maven/coordinates';
import { TemplateSchema } from '../templates/schema';
import { toSemver } from './versions';

export const CATEGORIES = ['cdc', 'database', 'file', 'replication', 'messaging', 'storage', 'http', 'search', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens');
const javaClass = z.string().regex(/^([a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*$/, 'must be a fully qualified Java class name');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');

const semverString = z.string().refine((v) => semver.valid(v) !== null, 'must be a semver version like 1.2.0');

/** SPDX license identifiers, alone or combined with AND / OR / WITH. */
const spdxExpression = z
  .string()
  .regex(/^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/, 'must be an SPDX license expression such as Apache-2.0');

export const ArtifactRefSchema = z.strictObject({
  coordinates: z.string().superRefine((value, ctx) => {
    try {
      parseCoordinates(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  sha512: z.string().regex(/^[0-9a-f]{128}$/, 'must be 128 lower-case hex characters (the file\'s SHA-512)'),
  size: z.number().int().positive(),
});

export const ConnectorClassSchema = z.strictObject({
  class: javaClass,
  type: z.enum(['source', 'sink']),
});

export const CatalogVersionSchema = z.strictObject({
  /** As the publisher writes it (Maven's `3.6.1.Final`); compared through its semver reading. */
  version: z.string().refine((v) => toSemver(v) !== null, 'must be a version with a semver reading (e.g. 3.6.1.Final, 4.3.1)'),
  released: isoDate.optional(),
  /**
   * The files that make the plugin, all unpacked into one plugin folder. Usually one archive;
   * plugins published as several jars (MirrorMaker 2) list each.
   */
  artifacts: z.array(ArtifactRefSchema).min(1),
  connectorClasses: z.array(ConnectorClassSchema).min(1),
  /** Kafka (Connect worker) versions this version supports, as a semver range. */
  kafka: z.string().refine((r) => semver.validRange(r) !== null, 'must be a semver range such as ">=3.9.0 <5.0.0"'),
  /** The Kafka version the publisher built against, for information. */
  builtAgainstKafka: z.string().optional(),
  /** Lowest Java release the plugin runs on (the worker's JVM). */
  minJava: z.number().int().min(8),
  /** When this version's licence differs from the entry's (a relicensed release). */
  license: spdxExpression.optional(),
  /** What this version needs beyond the entry's `needs` (a newer database, another driver). */
  needs: z.array(z.string().min(1)).optional(),
  notes: z.string().optional(),
});

/**
 * The templates schema ignores keys it does not know; in a hand-written YAML file an unknown key is
 * almost always a typo (or a flow mapping split at a comma), so the catalog refuses them.
 */
const TEMPLATE_KEYS = ['id', 'name', 'description', 'connectorClass', 'config', 'placeholders'];
const PLACEHOLDER_KEYS = ['name', 'description', 'default', 'secret', 'required', 'generate'];

function refuseUnknownKeys(value: unknown, allowed: string[], path: (string | number)[], ctx: z.RefinementCtx): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const key of Object.keys(value).filter((k) => !allowed.includes(k))) {
    ctx.addIssue({ code: 'custom', path: [...path, key], message: `unknown key "${key}" (allowed: ${allowed.join(', ')})` });
  }
}

const CatalogTemplateSchema = z
  .unknown()
  .superRefine((raw, ctx) => {
    refuseUnknownKeys(raw, TEMPLATE_KEYS, [], ctx);
    const placeholders = (raw as { placeholders?: unknown } | null)?.placeholders;
    if (Array.isArray(placeholders)) placeholders.forEach((p, i) => refuseUnknownKeys(p, PLACEHOLDER_KEYS, ['placeholders', i], ctx));
  })
  .pipe(TemplateSchema);

export const CatalogEntrySchema = z
  .strictObject({
    id: slug,
    name: z.string().min(1),
    publisher: z.string().min(1),
    category: z.enum(CATEGORIES),
    description: z.string().min(1),
    docs: z.url({ protocol: /^https?$/ }),
    license: spdxExpression,
    /**
     * What the user must provide for the connector to run: drivers to add, database settings,
     * permissions of the user it connects as. Shown before installing; at least one line, even if it
     * is "nothing beyond a Kafka topic".
     */
    needs: z.array(z.string().min(1)).min(1),
    versions: z.array(CatalogVersionSchema).min(1),
    templates: z.array(CatalogTemplateSchema).min(1),
  })
  .superRefine((entry, ctx) => {
    const versions = new Set<string>();
    entry.versions.forEach((v, i) => {
      if (versions.has(v.version)) ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: `version ${v.version} is listed twice` });
      versions.add(v.version);
    });
    const classes = new Set(entry.versions.flatMap((v) => v.connectorClasses.map((c) => c.class)));
    const templateIds = new Set<string>();
    entry.templates.forEach((t, i) => {
      if (templateIds.has(t.id)) ctx.addIssue({ code: 'custom', path: ['templates', i, 'id'], message: `template id ${t.id} is used twice` });
      templateIds.add(t.id);
      if (!classes.has(t.connectorClass)) {
        ctx.addIssue({ code: 'custom', path: ['templates', i, 'connectorClass'], message: `${t.connectorClass} is not a connector class of any version of this entry` });
      }
    });
  });

export const CatalogMetaSchema = z
  .strictObject({
    /** The catalog's own version: bumped whenever an entry changes. */
    version: semverString,
    changelog: z.array(z.strictObject({ version: semverString, date: isoDate, changes: z.string().min(1) })).min(1),
  })
  .superRefine((meta, ctx) => {
    if (!meta.changelog.some((line) => line.version === meta.version)) {
      ctx.addIssue({ code: 'custom', path: ['changelog'], message: `has no line for the current version ${meta.version}` });
    }
  });

export type ArtifactRef = z.infer<typeof ArtifactRefSchema>;
export type ConnectorClassRef = z.infer<typeof ConnectorClassSchema>;
export type CatalogVersionInput = z.infer<typeof CatalogVersionSchema>;
export type CatalogEntryInput = z.infer<typeof CatalogEntrySchema>;
export type CatalogMeta = z.infer<typeof CatalogMetaSchema>;

/** A version as the loader hands it out: with its semver reading, newest first in its entry. */
export interface CatalogVersion extends CatalogVersionInput {
  semver: string;
  prerelease: boolean;
}

export interface CatalogEntry extends Omit<CatalogEntryInput, 'versions'> {
  versions: CatalogVersion[];
  /** Where an entry from an extra catalog source came from (folder or URL); absent for the shipped catalog. */
  source?: string;
}
