// Shapes of the server's access-control API (/api/auth and /api/v1/me).
export type { ClusterScope, Me, Permission, Role, SessionAnswer, SessionUser } from '../api/types';
