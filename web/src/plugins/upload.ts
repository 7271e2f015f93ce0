// Sends an archive to POST /api/v1/artifacts through XMLHttpRequest: fetch cannot report how much of
// a request body has gone out, and a 500 MB plugin deserves a progress bar.
import { ApiError, currentCsrfToken } from '../lib/api';
import type { UploadedArtifact } from './types';

export interface UploadProgress {
  sent: number;
  total: number;
}

export interface UploadOptions {
  /** Plugin name and version, for an archive whose manifest does not give them. */
  name?: string;
  version?: string;
  onprogress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export function uploadArchive(file: File, options: UploadOptions = {}): Promise<UploadedArtifact> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/artifacts');
    request.setRequestHeader('Accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) request.setRequestHeader('X-CSRF-Token', csrf);
    request.upload.addEventListener('progress', (event) => options.onprogress?.({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size }));
    request.addEventListener('load', () => {
      const body = parse(request.responseText);
      if (request.status >= 200 && request.status < 300 && body) resolve(body as UploadedArtifact);
      else reject(toApiError(request, body));
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'unreachable', 'Connectory server unreachable: the upload did not get through')));
    request.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    options.signal?.addEventListener('abort', () => request.abort());

    // Text fields first: the server reads the parts in order.
    const form = new FormData();
    if (options.name) form.append('name', options.name);
    if (options.version) form.append('version', options.version);
    form.append('file', file, file.name);
    request.send(form);
  });
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function toApiError(request: XMLHttpRequest, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(request.status, error.code, error.message, typeof error.field === 'string' ? error.field : undefined);
  }
  return new ApiError(request.status, `http_${request.status}`, `Connectory server answered ${request.statusText || `HTTP ${request.status}`}`);
}
