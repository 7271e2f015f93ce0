// Lines up what each worker's own GET /connector-plugins lists: one row per plugin class, one column
// per worker, so a class missing on a worker, or at another version there, stands out.
import type { ClusterPlugins } from '../connectors/types';

export interface MatrixCell {
  /** Null when this worker does not list the class. */
  version: string | null;
  listed: boolean;
}

export interface MatrixRow {
  class: string;
  type: string;
  /** By worker URL; workers that did not answer have no cell. */
  cells: Record<string, MatrixCell>;
  /** Missing on an answering worker, or listed at different versions. */
  drift: boolean;
}

export interface Matrix {
  workers: { url: string; status: 'up' | 'down'; error?: string }[];
  rows: MatrixRow[];
}

const TYPE_ORDER = ['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate', 'rest_extension', 'config_provider'];

export function buildMatrix(answer: ClusterPlugins): Matrix {
  const answering = answer.workers.filter((worker) => worker.status === 'up');
  const rows = new Map<string, MatrixRow>();
  for (const worker of answering) {
    for (const plugin of worker.plugins) {
      // The same class may be listed under two types (a converter that is also a header converter).
      const key = `${plugin.type}|${plugin.class}`;
      const row = rows.get(key) ?? { class: plugin.class, type: plugin.type, cells: {}, drift: false };
      row.cells[worker.url] = { version: plugin.version, listed: true };
      rows.set(key, row);
    }
  }
  for (const row of rows.values()) {
    for (const worker of answering) row.cells[worker.url] ??= { version: null, listed: false };
    const cells = Object.values(row.cells);
    row.drift = cells.some((cell) => !cell.listed) || new Set(cells.map((cell) => cell.version)).size > 1;
  }
  return {
    workers: answer.workers.map(({ url, status, error }) => ({ url, status, ...(error ? { error } : {}) })),
    rows: [...rows.values()].sort((a, b) => typeRank(a.type) - typeRank(b.type) || a.class.localeCompare(b.class)),
  };
}

function typeRank(type: string): number {
  const index = TYPE_ORDER.indexOf(type);
  return index === -1 ? TYPE_ORDER.length : index;
}

const TYPE_LABELS: Record<string, string> = {
  source: 'Source connectors',
  sink: 'Sink connectors',
  converter: 'Converters',
  header_converter: 'Header converters',
  transformation: 'Transforms',
  predicate: 'Predicates',
  rest_extension: 'REST extensions',
  config_provider: 'Config providers',
};

export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;
