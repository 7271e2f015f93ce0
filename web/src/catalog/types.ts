// Shapes of the catalog API (/api/v1/catalog): bundled connectors, their versions, and what each
// Connect cluster has installed of them.
import type { TemplatePlaceholder } from '../templates/types';

export interface VersionSummary {
  /** As the publisher writes it, e.g. `3.5.0.Final`. */
  version: string;
  semver: string;
  prerelease: boolean;
  /** Kafka (Connect worker) versions supported, as a semver range. */
  kafka: string;
  released?: string;
}

export interface CatalogArtifactRef {
  coordinates: string;
  sha512: string;
  size: number;
}

export interface VersionDetail extends VersionSummary {
  artifacts: CatalogArtifactRef[];
  connectorClasses: { class: string; type: 'source' | 'sink' }[];
  builtAgainstKafka?: string;
  minJava?: number;
  notes?: string;
  license: string;
}

export interface InstalledOn {
  connectId: string;
  /** `unknown` when no worker of the cluster answered. */
  status: 'installed' | 'not_installed' | 'unknown';
  /** What the workers list for the entry's classes; more than one is drift. */
  versions: string[];
  workers: number;
  workersAnswering: number;
  kafkaVersion: string | null;
  updateAvailable: boolean;
  /** Newest catalog version for this cluster's Kafka version. */
  latest: string | null;
  error?: string;
}

interface EntryBase {
  id: string;
  name: string;
  publisher: string;
  category: string;
  description: string;
  docs: string;
  license: string;
  installedOn: InstalledOn[];
}

export interface CatalogEntrySummary extends EntryBase {
  latest: VersionSummary | null;
  versions: VersionSummary[];
}

export interface CatalogTemplate {
  id: string;
  name: string;
  description?: string | null;
  connectorClass: string;
  config: Record<string, string>;
  placeholders: TemplatePlaceholder[];
}

export interface CatalogEntryDetail extends EntryBase {
  versions: VersionDetail[];
  templates: CatalogTemplate[];
}

export interface CatalogPage {
  catalogVersion: string;
  items: CatalogEntrySummary[];
  total: number;
}
