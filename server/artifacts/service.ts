import { join } from 'node:path';
import type { Db } from '../db';
import { MavenClient } from '../maven';
import { FileArtifactStore, type ArtifactStore } from './store';

/** A store that can also hand out work files on its own file system (moved in without a copy). */
export type StagingArtifactStore = ArtifactStore & { tempPath(suffix?: string): Promise<string> };

/** What the artifact functions need; the server builds it once at start (`createArtifactDeps`). */
export interface ArtifactDeps {
  db: Db;
  store: StagingArtifactStore;
  maven: MavenClient;
  /** Downloads in progress (kept between attempts so they resume) and scratch files. */
  workDir: string;
}

/** `<dataDir>/artifacts/` holds the store (sha256/…), its temp files and the download work folder. */
export function createArtifactDeps(options: { db: Db; dataDir: string; mavenBaseUrl: string }): ArtifactDeps {
  const root = join(options.dataDir, 'artifacts');
  return {
    db: options.db,
    store: new FileArtifactStore(root),
    maven: new MavenClient({ baseUrl: options.mavenBaseUrl }),
    workDir: join(root, 'work'),
  };
}

export type ArtifactErrorCode = 'not_in_catalog' | 'class_mismatch';

export class ArtifactError extends Error {
  override name = 'ArtifactError';
  constructor(
    readonly code: ArtifactErrorCode,
    message: string,
  ) {
    super(message);
  }
}
