/**
 * Background work that must run once per database, not once per server: each job holds a lease (lease.ts),
 * renews it every `renewMs`, and runs only while it holds it. When the holder dies its lease runs out after
 * `leaseMs` and another server's next attempt takes the job over. A holder that cannot renew stops the job one
 * renewal before its lease could run out, so even across a network split two servers do not run it at once, as
 * long as the job's `stop()` returns within a renewal.
 */
import type { Db } from '../db';
import type { Logger } from '../logger';
import { TimeoutError, withTimeout } from '../util/timeout';
import { acquireLease, processHolderId, releaseLease, renewLease } from './lease';
import { DEFAULT_JOB_SETTINGS, type JobSettings } from './settings';

export interface Job {
  /** The lease's name: one per kind of work, the same on every server. */
  readonly name: string;
  /** Begins the work; called once this server holds the job's lease. */
  start(): void | Promise<void>;
  /** Ends the work; resolves when none of it runs any more. */
  stop(): Promise<void>;
}

export interface JobRunnerDeps {
  db: Db;
  logger: Logger;
  settings?: Partial<JobSettings>;
  /** This server process in the lease table; unique per process by default. */
  holder?: string;
}

export class JobRunner {
  readonly holder: string;
  readonly settings: JobSettings;
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #jobs = new Map<string, LeasedJob>();
  #started = false;

  constructor(deps: JobRunnerDeps) {
    this.holder = deps.holder ?? processHolderId();
    this.settings = { ...DEFAULT_JOB_SETTINGS, ...deps.settings };
    this.#db = deps.db;
    this.#logger = deps.logger.child({ system: 'jobs', holder: this.holder });
  }

  add(job: Job): this {
    if (this.#jobs.has(job.name)) throw new Error(`Background jobs: "${job.name}" is added twice`);
    const leased = new LeasedJob(job, { db: this.#db, logger: this.#logger, holder: this.holder, settings: this.settings });
    this.#jobs.set(job.name, leased);
    if (this.#started) leased.start();
    return this;
  }

  /** Tries for every job's lease now, then every `renewMs`. */
  start(): void {
    this.#started = true;
    this.#logger.info({ jobs: [...this.#jobs.keys()], leaseMs: this.settings.leaseMs }, 'background jobs: taking part');
    for (const job of this.#jobs.values()) job.start();
  }

  /** Whether this process runs the job now. */
  holds(name: string): boolean {
    return this.#jobs.get(name)?.held ?? false;
  }

  /** Stops every job this process runs and gives its leases up, so another server takes them at once. */
  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#jobs.values()].map((job) => job.stop()));
  }
}

interface LeasedJobDeps {
  db: Db;
  logger: Logger;
  holder: string;
  settings: JobSettings;
}

/** One job's lease loop: acquire or renew every `renewMs`, starting and stopping the work as the lease comes and goes. */
class LeasedJob {
  held = false;
  /** Local time up to which the lease is surely ours: taken before the call that set it, so on the safe side. */
  #validUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #turn: Promise<void> | undefined;
  #running = false;
  #lastError: string | undefined;

  constructor(
    readonly job: Job,
    readonly deps: LeasedJobDeps,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#turn;
    if (!this.held) return;
    await this.#stopWork('this server is stopping');
    await releaseLease(this.deps.db, this.job.name, this.deps.holder).catch((error: Error) =>
      this.deps.logger.warn({ job: this.job.name }, `background job ${this.job.name}: could not give the lease up (it runs out by itself): ${error.message}`),
    );
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#turn = this.#once().finally(() => {
        this.#turn = undefined;
        this.#schedule(this.deps.settings.renewMs);
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #once(): Promise<void> {
    const { db, holder, settings } = this.deps;
    const asked = Date.now();
    try {
      const ours = await this.#bounded(this.held ? renewLease(db, this.job.name, holder, settings.leaseMs) : acquireLease(db, this.job.name, holder, settings.leaseMs));
      this.#recovered();
      if (ours) this.#validUntil = asked + settings.leaseMs;
      if (ours && !this.held) await this.#startWork();
      else if (!ours && this.held) await this.#stopWork('another server holds its lease now');
    } catch (error) {
      this.#failed(error as Error);
      // Unsure whether the lease is still ours: stop before it could run out and another server start the job.
      if (this.held && Date.now() + settings.renewMs >= this.#validUntil) await this.#stopWork('its lease could not be renewed in time');
    }
  }

  /** A call that hangs is as good as a failed one: the lease must not run out while this server waits. */
  #bounded<T>(call: Promise<T>): Promise<T> {
    const limit = this.deps.settings.renewMs;
    return withTimeout(call, limit, () => `the database did not answer within ${limit} ms`).catch((error: unknown) => {
      throw error instanceof TimeoutError ? error : new Error(`database: ${(error as Error).message}`, { cause: error });
    });
  }

  async #startWork(): Promise<void> {
    this.held = true;
    this.deps.logger.info({ job: this.job.name }, `background job ${this.job.name}: this server holds the lease, running it`);
    try {
      await this.job.start();
    } catch (error) {
      this.deps.logger.error({ err: error, job: this.job.name }, `background job ${this.job.name} could not start: ${(error as Error).message}`);
      await this.#stopWork('it could not start');
      await releaseLease(this.deps.db, this.job.name, this.deps.holder).catch(() => {});
    }
  }

  async #stopWork(why: string): Promise<void> {
    this.held = false;
    this.deps.logger.info({ job: this.job.name }, `background job ${this.job.name}: stopping, ${why}`);
    await this.job.stop().catch((error: Error) => this.deps.logger.error({ err: error, job: this.job.name }, `background job ${this.job.name}: stopping failed: ${error.message}`));
  }

  /** Once per change of problem, not every few seconds. */
  #failed(error: Error): void {
    if (error.message === this.#lastError) return;
    this.#lastError = error.message;
    this.deps.logger.warn({ job: this.job.name }, `background job ${this.job.name}: lease: ${error.message}`);
  }

  #recovered(): void {
    if (this.#lastError === undefined) return;
    this.#lastError = undefined;
    this.deps.logger.info({ job: this.job.name }, `background job ${this.job.name}: lease: the database answers again`);
  }
}
