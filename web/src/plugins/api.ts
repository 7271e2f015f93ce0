// What each worker of a Connect cluster has in plugin.path, and the artifacts uploaded to the server.
import { get } from '../lib/api';
import type { ArtifactPage } from '../api/types';
import type { InstalledPlugins } from './types';

const enc = encodeURIComponent;

export const installedPlugins = (connectId: string, signal?: AbortSignal) =>
  get<InstalledPlugins>(`/api/v1/connect/${enc(connectId)}/plugins/installed`, { signal });

export const listArtifacts = (signal?: AbortSignal) => get<ArtifactPage>('/api/v1/artifacts', { signal, query: { size: 50 } });
