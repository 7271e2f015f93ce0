/**
 * Auto-restart at work: listens to the connector watch (no polling of its own), decides per connector
 * (decide.ts), persists what it did before doing it, restarts only what failed through the same audited path as
 * the API's restart, and emits events. The watch runs under the `connector-watch` lease, so with several servers
 * exactly one of them restarts.
 */
import type { AuditActor } from '../../audit/record';
import { recordAudit } from '../../audit/record';
import type { ClientRegistry } from '../../clusters/client-registry';
import { createConnectServices, openConnectCluster, type ConnectServices } from '../../connect/services';
import type { ConnectorListing } from '../../connect/types';
import type { Db } from '../../db';
import type { Logger } from '../../logger';
import type { SecretBox } from '../../secrets/secret-box';
import { messageOf } from '../../util/errors';
import { restartConnector } from '../operate';
import type { ConnectorSnapshot, ConnectorWatch } from '../watch';
import { decide, type Decision, type ObservedConnector, type RestartState } from './decide';
import { autoRestartEvents, gaveUpText, recoveredText, restartedText, type AutoRestartEvents } from './events';
import { effectivePolicy, type AutoRestartPolicy } from './policy';
import { clearState, clusterPolicies, clusterStates, writeState } from './store';

/** Who the audit log names for every auto-restart. */
export const AUTO_RESTART_ACTOR: AuditActor = { actor: 'auto-restart', actorKind: 'system', sourceIp: null };

export interface AutoRestartDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  clients: ClientRegistry;
  watch: ConnectorWatch;
  events?: AutoRestartEvents;
  /** Tests move the clock. */
  now?: () => Date;
}

export interface AutoRestart {
  /** Acts on these snapshots now (the watch listener calls this after every pass). */
  process(snapshots: ConnectorSnapshot[]): Promise<void>;
  stop(): Promise<void>;
}

export function startAutoRestart(deps: AutoRestartDeps): AutoRestart {
  const log = deps.logger.child({ component: 'auto-restart' });
  const events = deps.events ?? autoRestartEvents;
  const now = deps.now ?? (() => new Date());
  const services = createConnectServices({ db: deps.db, secrets: deps.secrets, logger: deps.logger, clients: deps.clients });
  let working: Promise<void> = Promise.resolve();

  async function processCluster(snapshot: ConnectorSnapshot): Promise<void> {
    // A cluster that did not answer says nothing about its connectors: neither deleted nor failed.
    if (!snapshot.listings) return;
    const [policies, states] = await Promise.all([clusterPolicies(deps.db, snapshot.connectId), clusterStates(deps.db, snapshot.connectId)]);
    const anyEnabled = policies.clusterDefault?.enabled || [...policies.connectors.values()].some((policy) => policy.enabled);
    if (!anyEnabled && states.size === 0) return;
    const listed = new Map(snapshot.listings.map((listing) => [listing.name, listing]));
    const names = new Set([...listed.keys(), ...states.keys()]);
    for (const name of names) {
      const listing = listed.get(name);
      // Listed but without a status yet (just created): nothing known.
      if (listing && !listing.status) continue;
      const { policy } = effectivePolicy(policies.connectors.get(name), policies.clusterDefault);
      const state = states.get(name);
      const decision = decide(policy, state, observedOf(listing), now());
      try {
        await carryOut(snapshot.connectId, name, policy, decision, state);
      } catch (error) {
        log.error({ err: error, connectId: snapshot.connectId, connector: name }, `auto-restart of "${name}" failed: ${messageOf(error)}`);
      }
    }
  }

  async function carryOut(connectId: string, name: string, policy: AutoRestartPolicy, decision: Decision, before: RestartState | undefined): Promise<void> {
    switch (decision.kind) {
      case 'none':
        return;
      case 'clear': {
        await clearState(deps.db, connectId, name);
        if (decision.reason !== 'recovered' || !before) return;
        const { restarts } = before;
        log.info({ connectId, connector: name, restarts }, `auto-restart: "${name}" ${recoveredText(restarts)}`);
        safely(() => events.emit('recovered', { connectId, connector: name, restarts, hadGivenUp: Boolean(before.gaveUpAt), at: now(), text: recoveredText(restarts) }));
        return;
      }
      case 'remember':
        await writeState(deps.db, connectId, name, decision.state);
        return;
      case 'give-up': {
        await writeState(deps.db, connectId, name, decision.state);
        const restarts = decision.state.restarts;
        await recordAudit(deps.db, AUTO_RESTART_ACTOR, {
          action: 'auto-restart.give-up',
          clusterId: connectId,
          objectType: 'connector',
          objectId: name,
          details: { restarts, maxRestarts: policy.maxRestarts, failedTasks: decision.failedTasks },
        });
        log.warn({ connectId, connector: name, restarts }, `auto-restart: "${name}" ${gaveUpText(restarts)}`);
        const at = decision.state.gaveUpAt ?? now();
        safely(() => events.emit('gave-up', { connectId, connector: name, restarts, max: policy.maxRestarts, connectorFailed: decision.connectorFailed, failedTasks: decision.failedTasks, at, text: gaveUpText(restarts) }));
        return;
      }
      case 'restart': {
        // Counted before it is tried: a server dying mid-restart must not earn the connector an extra one.
        await writeState(deps.db, connectId, name, decision.state);
        const { attempt } = decision;
        const text = restartedText(attempt, policy.maxRestarts);
        try {
          const opened = await openConnectCluster(services, connectId);
          await restartConnector(services, opened, AUTO_RESTART_ACTOR, name, { includeTasks: true, onlyFailed: true }, text);
        } catch (error) {
          log.warn({ connectId, connector: name, attempt }, `auto-restart of "${name}" refused: ${messageOf(error)}`);
          safely(() => events.emit('restart-failed', { connectId, connector: name, attempt, error: messageOf(error), at: decision.state.lastRestartAt ?? now() }));
          return;
        }
        log.info({ connectId, connector: name, attempt, failedTasks: decision.failedTasks }, `"${name}" ${text}`);
        safely(() =>
          events.emit('restarted', {
          connectId,
          connector: name,
          attempt,
          max: policy.maxRestarts,
          ...(attempt < policy.maxRestarts && decision.state.nextTryAt ? { nextAt: decision.state.nextTryAt } : {}),
          connectorFailed: decision.connectorFailed,
          failedTasks: decision.failedTasks,
          at: decision.state.lastRestartAt ?? now(),
          text,
        }),
        );
        return;
      }
    }
  }

  /** A listener that throws must not stop auto-restart for the other connectors. */
  function safely(emit: () => void): void {
    try {
      emit();
    } catch (error) {
      log.error({ err: error }, `auto-restart event listener failed: ${messageOf(error)}`);
    }
  }

  async function process(snapshots: ConnectorSnapshot[]): Promise<void> {
    for (const snapshot of snapshots) {
      try {
        await processCluster(snapshot);
      } catch (error) {
        log.error({ err: error, connectId: snapshot.connectId }, `auto-restart on "${snapshot.connectId}" failed: ${messageOf(error)}`);
      }
    }
  }

  /** One pass at a time, in the order the watch made them. */
  const unsubscribe = deps.watch.subscribe((snapshots) => {
    working = working.then(() => process(snapshots));
    return working;
  });
  return {
    process: (snapshots) => (working = working.then(() => process(snapshots))),
    async stop() {
      unsubscribe();
      await working.catch(() => {});
    },
  };
}

function observedOf(listing: ConnectorListing | undefined): ObservedConnector | undefined {
  const status = listing?.status;
  if (!status) return undefined;
  return { connectorState: status.connector.state, tasks: status.tasks.map((task) => ({ id: task.id, state: task.state })) };
}
