// Shapes of the server's access-control API (/api/auth and /api/v1/me).

export type Role = 'viewer' | 'operator' | 'admin';

export type Permission =
  | 'profile:read'
  | 'cluster:read'
  | 'topic:write'
  | 'template:write'
  | 'user:manage'
  | 'token:manage'
  | 'audit:read'
  | 'cluster:manage'
  | 'connector:write'
  | 'connector:operate'
  | 'plugin:manage';

/** `null` means every cluster; a list limits the principal to those cluster ids. */
export type ClusterScope = string[] | null;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  clusters: ClusterScope;
}

export interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
}

export interface Me {
  kind: 'user' | 'token';
  id: string;
  name: string;
  role: Role;
  clusters: ClusterScope;
  permissions: string[];
}
