import { execFile } from 'node:child_process';
import type { ExternalCommand } from './config';
import { probeRest, WorkerControlError, type WorkerControl, type WorkerStatus } from './worker-control';

export interface ExternalWorkerOptions {
  restUrl: string;
  restartCommand: ExternalCommand;
  startCommand?: ExternalCommand;
  stopCommand?: ExternalCommand;
  timeoutMs: number;
  probe?: (restUrl: string) => Promise<boolean>;
}

/**
 * For real deployments where a service manager owns the worker (e.g. `systemctl restart
 * kafka-connect`): the agent only runs the configured commands and judges the worker by its REST API.
 */
export class ExternalWorker implements WorkerControl {
  private restarts = 0;
  private stopped = false;

  constructor(private readonly opts: ExternalWorkerOptions) {}

  async status(): Promise<WorkerStatus> {
    const restReachable = await (this.opts.probe ?? probeRest)(this.opts.restUrl);
    const state = restReachable ? 'running' : this.stopped ? 'stopped' : 'down';
    return { state, restarts: this.restarts, restUrl: this.opts.restUrl, restReachable };
  }

  async restart(): Promise<void> {
    await this.run('restart', this.opts.restartCommand);
    this.restarts += 1;
    this.stopped = false;
  }

  async start(): Promise<void> {
    await this.run('start', this.requireCommand('start', this.opts.startCommand));
    this.stopped = false;
  }

  async stop(): Promise<void> {
    await this.run('stop', this.requireCommand('stop', this.opts.stopCommand));
    this.stopped = true;
  }

  /** The worker belongs to the service manager: shutting the agent down leaves it running. */
  async close(): Promise<void> {}

  private requireCommand(action: string, command: ExternalCommand | undefined): ExternalCommand {
    if (!command) {
      throw new WorkerControlError('not_supported', `plugin agent: no ${action}Command is configured for this worker`);
    }
    return command;
  }

  private run(action: string, { command, args }: ExternalCommand): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(command, args, { timeout: this.opts.timeoutMs }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const detail = stderr.trim().split('\n').slice(-3).join(' | ') || err.message;
        reject(new WorkerControlError('command_failed', `plugin agent: ${action} command "${command}" failed: ${detail}`));
      });
    });
  }
}
