import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export interface PollingJobRunnerOptions {
  /** How often a pass runs when nothing woke the runner. */
  pollMs: number;
  /** One pass over the queue: queue what is due, then claim and run jobs (see `claimEach`). */
  pass: () => Promise<unknown>;
  /** A pass failed (database away, schema not migrated yet): the next poll retries. */
  onError?: (error: unknown) => void;
  /**
   * What a wake during a pass does: by default nothing (the next poll looks); with `catchUp`, one
   * more pass runs right after the current one, so a job queued meanwhile is not left waiting.
   */
  catchUp?: boolean;
  /** For `claimEach`: the time now (the tests' clock). */
  now?: () => Date;
  /** For `claimEach`: a job claimed longer ago than this by a runner that never finished it is taken over. */
  staleMs?: number;
}

/**
 * The loop of a background job kept in the database (class reminders, Telegram notices, exports):
 * a pass at start, then every `pollMs` and whenever woken, never two at once in one process; the
 * timer never keeps the process alive; `stop` waits for the pass in progress. Jobs are claimed one
 * at a time by the store (FOR UPDATE SKIP LOCKED on PostgreSQL), so any number of processes can run
 * the same job kind; a claim carries this runner's id and a job whose runner stopped finishing it
 * (crashed) is taken over once it is older than `staleMs`.
 */
export class PollingJobRunner {
  /** Who claimed a job: host, process and a random part, so two runners in one process differ. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private active = false;

  constructor(private readonly options: PollingJobRunnerOptions) {}

  /** True from `stop` until the next `start` (and before the first): a pass in progress should end. */
  get stopping(): boolean {
    return !this.active;
  }

  /** Starts polling and runs a first pass at once. */
  start(): void {
    if (this.timer) return;
    this.active = true;
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops polling; resolves when the pass in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.active = false;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs a pass now, unless one is running (see `catchUp`) or the runner is not started. */
  wake(): void {
    if (!this.active) return;
    if (this.running) {
      if (this.options.catchUp) this.again = true;
      return;
    }
    this.running = this.options
      .pass()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.active) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Claims jobs one at a time and handles each, until the queue has none left to give or `handle`
   * answers `false` (a failing gateway: the next poll retries).
   */
  async claimEach<J>(
    claim: (runner: string, now: Date, staleBefore: Date) => Promise<J | undefined>,
    handle: (job: J, now: Date) => Promise<boolean | undefined>,
  ): Promise<void> {
    const now = this.options.now ?? (() => new Date());
    const staleMs = this.options.staleMs ?? 5 * 60_000;
    for (;;) {
      const at = now();
      const job = await claim(this.id, at, new Date(at.getTime() - staleMs));
      if (job === undefined) return;
      if ((await handle(job, at)) === false) return;
    }
  }
}

/** How a message job (class reminders, Telegram notices) polls and how often it retries a send. */
export interface MessageJobOptions {
  pollMs?: number;
  /** A message claimed longer ago than this by a runner that never finished it is taken over. */
  staleMs?: number;
  /** Failed sends before the message is given up (what then happens is the job's own rule). */
  maxAttempts?: number;
}

export type JobLog = (entry: Record<string, unknown>, msg: string) => void;

/**
 * The shared frame of a message job: a `PollingJobRunner` polling every minute, taking over claims
 * older than five minutes, logging a failed pass by the error's name only (never a phone or a
 * name), and retrying a send `maxAttempts` times. A job implements `runOnce`.
 */
export abstract class MessageJob {
  protected readonly jobs: PollingJobRunner;
  protected readonly maxAttempts: number;

  constructor(now: () => Date, options: MessageJobOptions, log: JobLog, failure: string) {
    this.jobs = new PollingJobRunner({
      pollMs: options.pollMs ?? 60_000,
      staleMs: options.staleMs ?? 5 * 60_000,
      now,
      pass: () => this.runOnce(),
      onError: (error) => log({ err: (error as Error).name }, failure),
    });
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** One pass: queue what is due, then send everything queued. */
  abstract runOnce(): Promise<unknown>;

  get id(): string {
    return this.jobs.id;
  }

  start(): void {
    this.jobs.start();
  }

  async stop(): Promise<void> {
    await this.jobs.stop();
  }
}
