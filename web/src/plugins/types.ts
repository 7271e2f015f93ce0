// Shapes of the artifact API (/api/v1/artifacts) and of what each worker has in plugin.path
// (/api/v1/connect/{c}/plugins/installed).
export type { ArchiveInspection, Artifact, ConfluentManifest, InstalledPlugin, InstalledPlugins, PluginClasses, UploadedArtifact, WorkerInstalled } from '../api/types';
