/** First start: an instance without users gets `admin`, so someone can sign in and create the rest. */
import { count } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../audit/record';
import type { Db } from '../db';
import { users } from '../db/tables';
import { generatePassword, hashPassword } from './passwords';

export const INITIAL_ADMIN = 'admin';

export type InitialAdmin =
  | { created: false }
  | { created: true; username: string; /** Set when the password was generated and must be shown once. */ generatedPassword?: string };

/**
 * Creates `admin` (role admin, every cluster) when no user exists, with `password` or a generated one.
 * Several servers starting on one database at once create it once: the unique username decides.
 */
export async function ensureInitialAdmin(db: Db, password: string | undefined): Promise<InitialAdmin> {
  const [existing] = await db.select({ users: count() }).from(users);
  if ((existing?.users ?? 0) > 0) return { created: false };
  const chosen = password ?? generatePassword();
  const passwordHash = await hashPassword(chosen);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username: INITIAL_ADMIN, passwordHash, role: 'admin', scopeClusters: null })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id });
    if (!row) return { created: false } as const;
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'user.create',
      objectType: 'user',
      objectId: row.id,
      details: { username: INITIAL_ADMIN, role: 'admin', clusters: null, reason: 'first start' },
    });
    return { created: true, username: INITIAL_ADMIN, ...(password ? {} : { generatedPassword: chosen }) } as const;
  });
}

/** The one time a generated password is shown: framed on stdout, not through the JSON logger. */
export function announceGeneratedPassword(username: string, password: string, write: (text: string) => void): void {
  const line = `Connectory first start: sign in as "${username}" with password: ${password}`;
  const rule = '='.repeat(line.length);
  write(`\n${rule}\n${line}\nIt is shown only this once; change it after signing in (or set ADMIN_PASSWORD on a fresh database).\n${rule}\n\n`);
}
