import type { MigrationSelection } from '../db/tables';
import type { OpenedCluster } from '../connect/services';
import type { Progress } from './progress';
import type { Migration } from './store';
import type { MIGRATION_VIEW_STATES } from './schema';

type ViewState = (typeof MIGRATION_VIEW_STATES)[number];

const asSelection = (selection: MigrationSelection) => ('names' in selection ? selection.names : { pattern: selection.pattern });
const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function summaryView(migration: Migration, progress?: Progress) {
  // lists carry no live progress: a running migration once seen caught up shows as such
  const state: ViewState = migration.state === 'running' ? (progress?.phase ?? (migration.caughtUpAt ? 'caught-up' : 'copying')) : migration.state;
  return {
    id: migration.id,
    name: migration.name,
    state,
    source: migration.sourceKafkaId,
    target: migration.targetKafkaId,
    connect: migration.connectId,
    selection: { topics: asSelection(migration.topics), groups: asSelection(migration.groups) },
    options: migration.options,
    connectors: migration.connectors,
    installOperationId: migration.installOperationId,
    error: migration.error,
    result: migration.result,
    createdBy: migration.createdBy,
    createdAt: migration.createdAt.toISOString(),
    startedAt: iso(migration.startedAt),
    caughtUpAt: iso(migration.caughtUpAt),
    finishedAt: iso(migration.finishedAt),
    caughtUpAfterSeconds: migration.startedAt && migration.caughtUpAt ? (migration.caughtUpAt.getTime() - migration.startedAt.getTime()) / 1000 : null,
  };
}

export type ConnectorState = { name: string; state: string; tasks: { id: number; state: string; error: string | null }[] };

export function fullView(migration: Migration, progress: Progress | undefined, connectorStates: ConnectorState[], errors: string[] = []) {
  return {
    ...summaryView(migration, progress),
    topics: progress?.topics ?? [],
    groups: progress?.groups ?? [],
    totals: progress?.totals ?? null,
    producers: progress?.producers ?? null,
    connectorStates,
    errors: [...errors, ...(progress?.errors ?? [])],
  };
}

/** Each owned connector's state and the first line of a failed task's trace (what a Connect cluster that cannot reach a cluster shows). */
export async function connectorStates(opened: OpenedCluster, names: string[]): Promise<ConnectorState[]> {
  return Promise.all(
    names.map(async (name) => {
      try {
        const status = await opened.client.connectorStatus(name);
        return {
          name,
          state: status.connector.state,
          tasks: status.tasks.map((task) => ({ id: task.id, state: task.state, error: task.trace ? task.trace.split('\n')[0]! : null })),
        };
      } catch {
        return { name, state: 'MISSING', tasks: [] };
      }
    }),
  );
}
