export { Catalog, type UpdateCheck, type VersionFilter } from './catalog';
export { CATALOG_DIR, CatalogError, loadCatalog, type CatalogIssue, type LoadedCatalog } from './loader';
export {
  CATEGORIES,
  CatalogEntrySchema,
  CatalogMetaSchema,
  CatalogVersionSchema,
  type ArtifactRef,
  type CatalogEntry,
  type CatalogMeta,
  type CatalogVersion,
  type Category,
  type ConnectorClassRef,
} from './format';
export { compatibilityOf, type Compatibility } from './compatibility';
export { mirrorCatalog, type MirroredFile, type MirrorOptions } from './mirror';
export { compareVersions, isPrerelease, kafkaSatisfies, parseVersion, toSemver, type ParsedVersion } from './versions';
