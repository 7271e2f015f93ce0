/**
 * What the HTTP API needs from "the worker", whichever way it is run: supervised by this agent
 * (supervisor.ts) or owned by something else and restarted with a command (external-worker.ts).
 */
export type WorkerState = 'starting' | 'running' | 'down' | 'stopped';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  at: string;
  /** true when the agent asked for it (stop/restart/shutdown) */
  expected: boolean;
  error?: string;
}

export interface WorkerStatus {
  state: WorkerState;
  pid?: number;
  restarts: number;
  restUrl: string;
  restReachable: boolean;
  lastExit?: WorkerExit;
}

export interface WorkerControl {
  status(): Promise<WorkerStatus>;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Called once when the agent shuts down. */
  close(): Promise<void>;
}

export type WorkerErrorCode = 'not_supported' | 'command_failed';

export class WorkerControlError extends Error {
  override name = 'WorkerControlError';
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Any HTTP answer from the worker's REST root counts: it proves the REST server is up. */
export async function probeRest(restUrl: string, timeoutMs = 1_500): Promise<boolean> {
  try {
    const res = await fetch(restUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status < 500;
  } catch {
    return false;
  }
}
