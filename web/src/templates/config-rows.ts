// A topic template's settings edited as rows of name and value: rows in, the configs object out, or what is wrong.

export interface ConfigRow {
  key: string;
  value: string;
}

export const rowsFrom = (configs: Record<string, string>): ConfigRow[] =>
  Object.keys(configs)
    .sort()
    .map((key) => ({ key, value: configs[key]! }));

/** Empty rows are dropped; a value without a name, or a name given twice, is a problem to fix first. */
export function configsFrom(rows: ConfigRow[]): { configs: Record<string, string>; problem?: string } {
  const configs: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) return { configs, problem: `The value "${row.value}" has no setting name.` };
    if (key in configs) return { configs, problem: `The setting ${key} is given twice.` };
    configs[key] = row.value;
  }
  return { configs };
}
