import { del, get, patch, post } from '../lib/api';
import type { NewUser, User, UserChange, UserList } from '../api/types';
export type { NewUser, User, UserChange } from '../api/types';

export const MIN_PASSWORD_LENGTH = 12;

export async function listUsers(): Promise<User[]> {
  return (await get<UserList>('/api/v1/users')).items;
}

export const createUser = (user: NewUser) => post<User>('/api/v1/users', user);

export const updateUser = (id: string, change: UserChange) => patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, change);

export const deleteUser = (id: string) => del<void>(`/api/v1/users/${encodeURIComponent(id)}`);

/** The client-side check mirrors the server's, so the form answers before the round trip. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return undefined;
}
