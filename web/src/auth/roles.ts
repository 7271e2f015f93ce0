import type { ClusterScope, Role } from './types';

export interface RoleInfo {
  value: Role;
  label: string;
  summary: string;
}

export const ROLES: RoleInfo[] = [
  { value: 'viewer', label: 'Viewer', summary: 'Reads clusters, connectors, plugins and topics; changes nothing.' },
  { value: 'operator', label: 'Operator', summary: 'Viewer, plus running and editing connectors, topics and templates.' },
  { value: 'admin', label: 'Admin', summary: 'Everything: clusters, plugins, and with all clusters also users, API tokens and the audit log.' },
];

export function roleLabel(role: string): string {
  return ROLES.find((info) => info.value === role)?.label ?? role;
}

export function scopeLabel(clusters: ClusterScope): string {
  if (clusters === null) return 'All clusters';
  if (clusters.length === 0) return 'No clusters';
  return clusters.join(', ');
}
