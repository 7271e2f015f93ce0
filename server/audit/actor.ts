import type { Context } from 'hono';
import { requirePrincipal } from '../auth/authorize';
import type { AppEnv } from '../http/env';
import type { AuditActor } from './record';

/** The authenticated caller of this request, as the audit log records them. */
export function auditActorOf(c: Context<AppEnv>): AuditActor {
  const principal = requirePrincipal(c);
  return { actor: principal.name, actorKind: principal.kind, sourceIp: c.get('clientIp') ?? null };
}
