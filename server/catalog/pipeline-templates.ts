/**
 * Pipeline templates: a catalog source template and a catalog sink template as one unit, with the sink's topics
 * wired to what the source writes and names derived from the pipeline's name. Data in catalog/pipelines/*.yaml,
 * checked against the catalog at load time (entries, templates and every referenced blank must exist).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FieldsError } from '../connect/field-errors';
import { renderTemplate } from '../templates/render';
import type { TemplateBody } from '../templates/schema';
import type { Catalog } from './catalog';
import { CATALOG_DIR } from './loader';

const Part = z.strictObject({ entry: z.string().min(1), template: z.string().min(1) });
const Values = z.record(z.string(), z.string());

export const PipelineTemplateFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  name: z.string().min(1),
  description: z.string().default(''),
  source: Part,
  sink: Part,
  defaults: z.strictObject({ source: Values.optional(), sink: Values.optional() }).default({}),
  wiring: Values.default({}),
});
type PipelineTemplateFile = z.infer<typeof PipelineTemplateFileSchema>;

export type PipelinePart = 'source' | 'sink';

export interface PipelineTemplate {
  id: string;
  name: string;
  description: string;
  source: { entry: string; template: TemplateBody & { id: string } };
  sink: { entry: string; template: TemplateBody & { id: string } };
  defaults: Record<PipelinePart, Record<string, string>>;
  wiring: Record<string, string>;
}

const SOURCE_REF = /\$\{source\.([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
const PIPELINE_REF = /\$\{pipeline\}/g;

/** Reads catalog/pipelines; every problem names its file and field, all at once. */
export async function loadPipelineTemplates(catalog: Catalog, dir = join(CATALOG_DIR, 'pipelines')): Promise<PipelineTemplate[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  const problems: string[] = [];
  const out: PipelineTemplate[] = [];
  for (const name of names) {
    const file = `pipelines/${name}`;
    const parsed = PipelineTemplateFileSchema.safeParse(parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
      continue;
    }
    const resolved = resolve(catalog, parsed.data, (message) => problems.push(`${file}: ${message}`));
    if (resolved) out.push(resolved);
  }
  if (problems.length) throw new Error(`Pipeline templates: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return out;
}

function resolve(catalog: Catalog, file: PipelineTemplateFile, problem: (message: string) => void): PipelineTemplate | undefined {
  const part = (which: PipelinePart) => {
    const { entry, template } = file[which];
    const found = catalog.get(entry)?.templates.find((t) => t.id === template);
    if (!found) problem(`${which}: catalog entry "${entry}" has no template "${template}"`);
    return found;
  };
  const source = part('source');
  const sink = part('sink');
  if (!source || !sink) return undefined;
  const declared = (t: TemplateBody) => new Set(t.placeholders.map((p) => p.name));
  const [sourceNames, sinkNames] = [declared(source), declared(sink)];
  for (const [key, value] of Object.entries(file.wiring)) {
    if (!sinkNames.has(key)) problem(`wiring.${key}: the sink template has no blank "${key}"`);
    for (const [, ref] of value.matchAll(SOURCE_REF)) if (!sourceNames.has(ref!)) problem(`wiring.${key}: the source template has no blank "${ref}"`);
  }
  for (const which of ['source', 'sink'] as const) {
    for (const key of Object.keys(file.defaults[which] ?? {})) {
      if (!(which === 'source' ? sourceNames : sinkNames).has(key)) problem(`defaults.${which}.${key}: the ${which} template has no blank "${key}"`);
    }
  }
  return {
    id: file.id,
    name: file.name,
    description: file.description,
    source: { entry: file.source.entry, template: source },
    sink: { entry: file.sink.entry, template: sink },
    defaults: { source: file.defaults.source ?? {}, sink: file.defaults.sink ?? {} },
    wiring: file.wiring,
  };
}

/** The blanks a person fills: both templates' placeholders, less the wired sink ones, with the pipeline's defaults. */
export function pipelineBlanks(template: PipelineTemplate) {
  const blanks = (part: PipelinePart) =>
    template[part].template.placeholders
      .filter((p) => part === 'source' || !(p.name in template.wiring))
      .map((p) => {
        const fallback = template.defaults[part][p.name];
        return fallback === undefined ? p : { ...p, default: fallback, description: `${p.description} (left empty: ${fallback})` };
      });
  return { source: blanks('source'), sink: blanks('sink') };
}

/**
 * Both configs, from the values given per part: empty values take the pipeline's defaults (`${pipeline}` = the
 * pipeline's name), then the template's; the sink's wired blanks are filled from the source's values. Errors name
 * their blank as `source.x` or `sink.x`; giving a value for a wired blank is refused, since the wiring decides it.
 */
export function renderPipeline(template: PipelineTemplate, name: string, values: Record<PipelinePart, Record<string, string>>) {
  const problems = Object.keys(values.sink)
    .filter((key) => key in template.wiring)
    .map((key) => ({ name: `sink.${key}`, errors: [`is wired to the source (${template.wiring[key]}): leave it out`] }));
  if (problems.length) throw new FieldsError(400, 'wired_placeholder', `Values given for wired blanks: ${problems.map((p) => p.name).join(', ')}`, problems);
  const filled = (part: PipelinePart) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(template.defaults[part])) out[key] = value.replace(PIPELINE_REF, name);
    for (const [key, value] of Object.entries(values[part])) if (value !== '') out[key] = value;
    return out;
  };
  const sourceValues = filled('source');
  const sourceValue = (key: string) => sourceValues[key] ?? template.source.template.placeholders.find((p) => p.name === key)?.default ?? '';
  const sinkValues = filled('sink');
  for (const [key, value] of Object.entries(template.wiring)) sinkValues[key] = value.replace(PIPELINE_REF, name).replace(SOURCE_REF, (_, ref: string) => sourceValue(ref));
  // both parts rendered before any error is thrown, so one answer names every missing blank of either
  const failures: FieldsError[] = [];
  const render = (part: PipelinePart, given: Record<string, string>) => {
    try {
      return renderTemplate(template[part].template, given);
    } catch (error) {
      if (!(error instanceof FieldsError)) throw error;
      failures.push(new FieldsError(400, error.code, error.message, error.fields.map((f) => ({ ...f, name: `${part}.${f.name}` }))));
      return {};
    }
  };
  const source = render('source', sourceValues);
  const sink = render('sink', sinkValues);
  if (failures.length) {
    const fields = failures.flatMap((f) => f.fields);
    throw new FieldsError(400, failures[0]!.code, `Pipeline values missing or unknown: ${fields.map((f) => f.name).join(', ')}`, fields);
  }
  return { source, sink };
}
