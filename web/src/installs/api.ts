// Installs, upgrades and uninstalls: persisted operations the server runs one worker at a time.
import { get, post } from '../lib/api';
import type { AcceptedOperation, InstallSource, Operation, OperationPage } from './types';

const enc = encodeURIComponent;

export const operationPath = (id: string) => `/api/v1/installs/${enc(id)}`;
export const operationEventsPath = (id: string) => `${operationPath(id)}/events`;

export const requestInstall = (connectId: string, source: InstallSource) =>
  post<AcceptedOperation>(`/api/v1/connect/${enc(connectId)}/installs`, source);

export const requestUninstall = (connectId: string, plugin: string) =>
  post<AcceptedOperation>(`/api/v1/connect/${enc(connectId)}/uninstalls`, { plugin });

export const getOperation = (id: string, signal?: AbortSignal) => get<Operation>(operationPath(id), { signal });

export const retryOperation = (id: string) => post<Operation>(`${operationPath(id)}/retry`);

export const rollbackOperation = (id: string) => post<Operation>(`${operationPath(id)}/rollback`);

export const listOperations = (connectId: string, page = 1, size = 20, signal?: AbortSignal) =>
  get<OperationPage>(`/api/v1/connect/${enc(connectId)}/installs`, { signal, query: { page, size } });
