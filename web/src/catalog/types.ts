// Shapes of the catalog API (/api/v1/catalog): bundled connectors, their versions, and what each
// Connect cluster has installed of them.
export type { CatalogArtifactRef, CatalogEntryDetail, CatalogEntrySummary, CatalogPage, CatalogTemplate, InstalledOn, VersionDetail, VersionSummary } from '../api/types';
