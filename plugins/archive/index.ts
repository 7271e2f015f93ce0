/**
 * Archive inspection and safe extraction for plugin archives (zip, tar.gz, single jar), shared by
 * the server (inspect what is stored) and the agent (unpack what it receives).
 */
export { detectArchiveKind, type ArchiveKind } from './detect';
export { ArchiveError, isArchiveError, type ArchiveErrorCode } from './errors';
export { inspectArchive, type ArchiveInspection, type InspectOptions, type JarInfo } from './inspect';
export { extractToStaging, type ExtractOptions, type StagedPlugin } from './extract';
export { directoryFingerprint, inspectDirectory, listDirectory, type DirectoryInspection, type DirectoryListing } from './directory';
export { replaceDirectory, removeDirectory } from './place';
export { isValidPluginName, PLUGIN_NAME_PATTERN, toPluginName } from './plugin-name';
export { DEFAULT_LIMITS, type ArchiveLimits } from './limits';
export type { PluginClasses, ConnectorClass, ClassSource } from './classes';
export type { ConfluentManifest } from './manifest';
