/** The fields Connectory uses from a Confluent Hub `manifest.json`. */
export interface ConfluentManifest {
  name: string;
  version: string | null;
  title: string | null;
  owner: string | null;
  description: string | null;
  componentTypes: string[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** A manifest we cannot use (not JSON, no name) is reported as absent, with the reason. */
export function parseConfluentManifest(raw: string): { manifest: ConfluentManifest } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    return { problem: `manifest.json is not valid JSON (${(error as Error).message})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: 'manifest.json is not a JSON object' };
  const record = data as Record<string, unknown>;
  const name = text(record.name);
  if (!name) return { problem: 'manifest.json has no "name"' };
  const owner = record.owner as Record<string, unknown> | undefined;
  const componentTypes = Array.isArray(record.component_types) ? record.component_types.filter((t): t is string => typeof t === 'string') : [];
  return {
    manifest: {
      name,
      version: text(record.version),
      title: text(record.title),
      owner: text(owner?.username) ?? text(owner?.name),
      description: text(record.description),
      componentTypes,
    },
  };
}
