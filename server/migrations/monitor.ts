/**
 * The migration monitor, run once per database under its own lease: moves installing migrations on once their
 * MirrorMaker 2 install ended, and reads the progress of running ones that were never seen caught up, so the
 * moment they catch up is recorded whether or not anyone has the page open.
 */
import { inArray } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../audit/record';
import { migrations } from '../db/tables';
import { every, type Every } from '../jobs/every';
import type { Job } from '../jobs/runner';
import type { Logger } from '../logger';
import { advance, progressOf, type MigrationDeps } from './service';

export const MIGRATION_MONITOR_JOB = 'migration-monitor';
const INTERVAL_MS = 5_000;

export async function monitorOnce(deps: MigrationDeps, logger: Logger): Promise<void> {
  const active = await deps.db.select().from(migrations).where(inArray(migrations.state, ['installing', 'running']));
  for (const migration of active) {
    try {
      const current = await advance(deps, SYSTEM_ACTOR, migration);
      if (current.state === 'running' && !current.caughtUpAt) await progressOf(deps, current);
    } catch (error) {
      logger.warn({ err: error, migration: migration.id }, `migration ${migration.id}: ${(error as Error).message}`);
    }
  }
}

export function migrationMonitorJob(deps: MigrationDeps, logger: Logger): Job {
  let loop: Every | undefined;
  const log = logger.child({ system: 'migrations' });
  return {
    name: MIGRATION_MONITOR_JOB,
    start() {
      loop = every(INTERVAL_MS, () => monitorOnce(deps, log), (error) => log.warn({ err: error }, `migration monitor: ${error.message}`));
    },
    async stop() {
      await loop?.stop();
      loop = undefined;
    },
  };
}
