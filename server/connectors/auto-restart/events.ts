/**
 * What auto-restart tells the rest of the server (alerts route these into notifications). Listeners run
 * synchronously inside the connector watch's pass: they should queue their work (the alerts outbox), not do it.
 */
import { EventEmitter } from 'node:events';

export interface AutoRestartedEvent {
  connectId: string;
  connector: string;
  /** 1 for the first restart since the count was last reset. */
  attempt: number;
  max: number;
  /** When the next restart may happen if it fails again; absent after the last allowed one. */
  nextAt?: Date;
  /** Whether the connector instance itself had failed (it is restarted too). */
  connectorFailed: boolean;
  failedTasks: number[];
  at: Date;
  /** What a notification says: "auto-restarted (2 of 5)". */
  text: string;
}

export interface AutoRestartGaveUpEvent {
  connectId: string;
  connector: string;
  restarts: number;
  max: number;
  connectorFailed: boolean;
  failedTasks: number[];
  at: Date;
  /** "gave up after 5". */
  text: string;
}

export interface AutoRestartFailedEvent {
  connectId: string;
  connector: string;
  attempt: number;
  /** Why Connect refused or could not be asked; the attempt still counts, so a broken cluster is not hammered. */
  error: string;
  at: Date;
}

/** The connector stayed RUNNING longer than the next wait after being auto-restarted: its count is reset. */
export interface AutoRestartRecoveredEvent {
  connectId: string;
  connector: string;
  /** Auto-restarts it took. */
  restarts: number;
  /** Whether it had been given up on (then fixed by hand). */
  hadGivenUp: boolean;
  at: Date;
  /** "running again after 2 auto-restarts". */
  text: string;
}

export interface AutoRestartEventMap {
  restarted: [AutoRestartedEvent];
  'gave-up': [AutoRestartGaveUpEvent];
  'restart-failed': [AutoRestartFailedEvent];
  recovered: [AutoRestartRecoveredEvent];
}

export class AutoRestartEvents extends EventEmitter<AutoRestartEventMap> {}

/** The server's one stream of auto-restart events (main.ts's runner emits here unless given another). */
export const autoRestartEvents = new AutoRestartEvents();

export const restartedText = (attempt: number, max: number) => `auto-restarted (${attempt} of ${max})`;
export const gaveUpText = (restarts: number) => `gave up after ${restarts}`;
export const recoveredText = (restarts: number) => `running again after ${restarts} auto-restart${restarts === 1 ? '' : 's'}`;
