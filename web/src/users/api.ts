import { del, get, patch, post } from '../lib/api';
import type { ClusterScope, Role } from '../auth/types';

export interface User {
  id: string;
  username: string;
  role: Role;
  clusters: ClusterScope;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  clusters: ClusterScope;
}

export type UserChange = Partial<Pick<User, 'role' | 'clusters' | 'disabled'>> & { password?: string };

export const MIN_PASSWORD_LENGTH = 12;

export async function listUsers(): Promise<User[]> {
  return (await get<{ items: User[] }>('/api/v1/users')).items;
}

export const createUser = (user: NewUser) => post<User>('/api/v1/users', user);

export const updateUser = (id: string, change: UserChange) => patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, change);

export const deleteUser = (id: string) => del<void>(`/api/v1/users/${encodeURIComponent(id)}`);

/** The client-side check mirrors the server's, so the form answers before the round trip. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}
