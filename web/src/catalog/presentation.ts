// Words and numbers as the catalog pages show them.
import type { CatalogEntrySummary } from './types';

const CATEGORY_LABELS: Record<string, string> = {
  cdc: 'Change data capture',
  database: 'Database',
  file: 'Files',
  replication: 'Replication',
  messaging: 'Messaging',
  storage: 'Storage',
  http: 'HTTP',
  search: 'Search',
  other: 'Other',
};

export const categoryLabel = (category: string) => CATEGORY_LABELS[category] ?? category;

/** For tight spots such as a card's facts. */
export const shortCategoryLabel = (category: string) => (category === 'cdc' ? 'CDC' : categoryLabel(category));

/** The categories present, in a stable order, with how many entries each has. */
export function categoriesOf(entries: CatalogEntrySummary[]): { value: string; label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.category, (counts.get(entry.category) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => ({ value, label: categoryLabel(value), count })).sort((a, b) => a.label.localeCompare(b.label));
}

/** Every word of the search must appear in the entry's name, publisher, id or description. */
export function matchesSearch(entry: CatalogEntrySummary, search: string): boolean {
  const haystack = `${entry.name} ${entry.publisher} ${entry.id} ${entry.description}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

const UNITS = ['B', 'KB', 'MB', 'GB'];

/** e.g. "18 KB", "25.7 MB" (powers of 1024, as file managers show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** `io.debezium:debezium-connector-mariadb:3.5.0.Final:plugin:tar.gz` → a Maven repository path's file name. */
export function fileNameOf(coordinates: string): string {
  const [, artifact = '', version = '', ...rest] = coordinates.split(':');
  const type = rest.at(-1) ?? 'jar';
  const classifier = rest.length > 1 ? `-${rest[0]}` : '';
  return `${artifact}-${version}${classifier}.${type}`;
}
