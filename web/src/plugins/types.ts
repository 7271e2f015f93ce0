// Shapes of the artifact API (/api/v1/artifacts) and of what each worker has in plugin.path
// (/api/v1/connect/{c}/plugins/installed).

export interface PluginClasses {
  connectors: { class: string; type: 'source' | 'sink' }[];
  converters: string[];
  headerConverters: string[];
  transforms: string[];
  predicates: string[];
  configProviders: string[];
}

export interface ConfluentManifest {
  name: string;
  version: string | null;
  title: string | null;
  owner: string | null;
  description: string | null;
  componentTypes: string[];
}

/** What the server found in an archive before keeping it. */
export interface ArchiveInspection {
  kind: 'zip' | 'tar.gz' | 'jar';
  entries: number;
  uncompressedBytes: number;
  /** The one top-level folder every entry sits in, or null. */
  root: string | null;
  jars: { path: string; size: number }[];
  classes: PluginClasses;
  /** Declared in META-INF/services, or guessed from class names (older plugins). */
  classSource: 'service-manifest' | 'heuristic' | 'none';
  manifest: ConfluentManifest | null;
  warnings: string[];
}

export interface Artifact {
  sha256: string;
  /** The plugin's folder name on the workers. */
  name: string;
  version: string | null;
  kind: 'zip' | 'tar.gz' | 'jar';
  size: number;
  inspection: ArchiveInspection;
  source: { kind: 'catalog' | 'upload'; filename?: string; uploadedBy?: string; catalogId?: string; version?: string };
  /** What must still be given before the archive says who it is. */
  needs: ('name' | 'version')[];
  createdAt: string;
}

export interface UploadedArtifact extends Artifact {
  /** False when the same bytes were uploaded before. */
  created: boolean;
}

export interface InstalledPlugin {
  name: string;
  /** The artifact the agent installed; null for a folder put there another way. */
  sha256: string | null;
  version: string | null;
  classes: string[];
  /** The worker's own GET /connector-plugins lists all its classes. */
  loaded: boolean;
  missingClasses: string[];
}

export interface WorkerInstalled {
  url: string;
  agentUrl: string | null;
  agent: 'up' | 'down' | 'none';
  worker: 'up' | 'down';
  error?: string;
  plugins: InstalledPlugin[];
}

export interface InstalledPlugins {
  connectId: string;
  workers: WorkerInstalled[];
  plugins: {
    name: string;
    workers: { url: string; sha256: string | null; loaded: boolean }[];
    onEveryWorker: boolean;
    /** Missing on some worker, different bytes, or not loaded everywhere. */
    drift: boolean;
  }[];
}
