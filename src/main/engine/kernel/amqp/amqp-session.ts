import { brokerTarget, type BrokerTarget } from '../deployments/connection-urls.ts';
import type { Logger } from '../logging/logger.ts';
import { Backoff, backoffPolicy, formatDelay, type BackoffPolicy } from './backoff.ts';
import { brokerHostPort, describeAmqpError } from './describe-amqp-error.ts';
import { describeConnectionLoss, withNext } from './describe-amqp-loss.ts';
import { CaFileError, closeGracefully, openConnection, serverName, type OpenedConnection } from './open-connection.ts';
import type { AmqpSessionStatus, SetupStatus, StatusListener } from './session-status.ts';
import { SessionStatusBook } from './session-status-book.ts';
import { pause, settleWithin, unlessAborted } from './settle.ts';
import { SetupSlot, type AmqpSetup, type LiveConnection } from './setup-slot.ts';

export type { AmqpSetup } from './setup-slot.ts';
export type { AmqpSessionState, AmqpSessionStatus, SetupState, SetupStatus } from './session-status.ts';

export interface AmqpSessionOptions {
  /** Shown in status and logs, and to the broker as the connection's connection_name. */
  name: string;
  /** With the password; never logged (logs carry host:port and vhost only). */
  url: string;
  tls: { caPath: string | null; verify: boolean };
  log: Logger;
  /** Default 15. */
  heartbeatSeconds?: number;
  /** Default 0.5 s doubling up to 30 s, full jitter; setups retry on the same policy. */
  backoff?: Partial<BackoffPolicy>;
  /** One connection attempt, TCP to open-ok. Default 10 s. */
  connectTimeoutMs?: number;
  /** One run of one setup. Default 20 s. */
  setupTimeoutMs?: number;
}

// A connection (or a setup's channel) that stayed up this long was healthy: its next failure
// starts the backoff over instead of continuing a streak.
const STABLE_MS = 10_000;
// How long stop() lets the broker answer connection.close, and setups notice, before it cuts the socket.
const GRACE_MS = 2_000;
const STOPPED = Symbol('stopped');

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * One long-lived AMQP connection that a deployment's sources share. It reconnects for ever with
 * backoff and jitter, runs every registered setup on its own channel after each (re)connect, and
 * reports what is happening as sentences. Nothing that goes wrong on the wire, and no listener or
 * setup that throws, escapes it.
 */
export class AmqpSession {
  readonly name: string;
  readonly #url: string;
  readonly #tls: { caPath: string | null; verify: boolean };
  readonly #log: Logger;
  readonly #heartbeatSeconds: number;
  readonly #policy: BackoffPolicy;
  readonly #connectTimeoutMs: number;
  readonly #setupTimeoutMs: number;
  readonly #where: BrokerTarget | null;
  readonly #slots: SetupSlot[] = [];
  readonly #status: SessionStatusBook;
  #running: Running | null = null;
  #stopping: Promise<void> | null = null;
  #connection: (LiveConnection & { live: boolean }) | null = null;
  #setupQueue: Promise<void> = Promise.resolve();

  constructor(options: AmqpSessionOptions) {
    this.name = options.name;
    this.#url = options.url;
    this.#tls = options.tls;
    this.#heartbeatSeconds = options.heartbeatSeconds ?? 15;
    this.#policy = backoffPolicy(options.backoff);
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#setupTimeoutMs = options.setupTimeoutMs ?? 20_000;
    this.#where = parseTarget(options.url);
    this.#log = options.log.child({ amqpSession: options.name, broker: this.#where ? describeTarget(this.#where) : 'invalid URL' });
    this.#status = new SessionStatusBook(options.name, this.#log, () => this.setups());
  }

  status(): AmqpSessionStatus {
    return this.#status.snapshot();
  }

  setups(): SetupStatus[] {
    return this.#slots.map((slot) => slot.status());
  }

  /** Called on every change with a fresh snapshot; returns the unsubscribe. */
  onStatus(listener: StatusListener<AmqpSessionStatus>): () => void {
    return this.#status.subscribe(listener);
  }

  /**
   * Registers a setup: it runs on every (re)connect, in registration order, each on its own
   * channel; added while open, it runs at once. A setup that rejects, or whose channel dies
   * later, is retried with backoff without touching the connection or the other setups. The
   * returned remover closes its channel (cancelling its consumers) and stops its retries.
   * A consumer that wants to be set up again (say, after a server-side cancel) closes its channel.
   */
  addSetup(name: string, setup: AmqpSetup): () => Promise<void> {
    if (this.#slots.some((slot) => slot.name === name)) {
      throw new Error(`Session "${this.name}" already has a setup named "${name}".`);
    }
    const slot = new SetupSlot({
      name,
      setup,
      policy: this.#policy,
      timeoutMs: this.#setupTimeoutMs,
      stableMs: STABLE_MS,
      graceMs: GRACE_MS,
      log: this.#log.child({ setup: name }),
      onChange: (failure) => this.#onSetupChange(name, failure),
    });
    this.#slots.push(slot);
    if (this.#connection?.live) this.#enqueue(slot, this.#connection);
    this.#status.update();
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      await slot.remove();
      this.#status.update();
    };
  }

  /** Starts connecting in the background; idempotent. Never throws, never waits for the broker. */
  start(): void {
    if (this.#running) return;
    const controller = new AbortController();
    const after = this.#stopping ?? Promise.resolve();
    const done = after
      .then(() => this.#loop(controller.signal))
      .catch((error: unknown) => this.#log.error('The AMQP session loop failed unexpectedly', { err: error }));
    this.#running = { controller, done };
  }

  /** Closes the connection cleanly (cutting it after a grace period) and waits until no socket or timer is left; idempotent. */
  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) {
      if (this.#status.state === 'idle') this.#status.set('stopped', 'Stopped.');
      await this.#stopping;
      return;
    }
    this.#running = null;
    running.controller.abort();
    const stopping = running.done.then(() => {
      // A start() that came in while stopping owns the status now.
      if (!this.#running) this.#status.set('stopped', 'Stopped.', { blocked: null });
    });
    this.#stopping = stopping;
    await stopping;
    if (this.#stopping === stopping) this.#stopping = null;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.#policy);
    let attempt = 0;
    let failure: string | null = null;
    while (!signal.aborted) {
      attempt += 1;
      if (failure === null) this.#status.set('connecting', `Connecting to ${this.#targetText()}.`, { attempt });
      else this.#status.set('reconnecting', withNext(failure, `retrying now (attempt ${attempt})`), { attempt });
      let opened: OpenedConnection;
      try {
        opened = await this.#open(signal);
      } catch (error) {
        if (signal.aborted) break;
        const sentence = this.#describeOpenFailure(error);
        if (!(await this.#waitToRetry(sentence, failure, backoff, signal))) break;
        failure = sentence;
        continue;
      }
      const openedAt = Date.now();
      const sentence = await this.#hold(opened, signal);
      if (sentence === STOPPED) break;
      if (Date.now() - openedAt >= STABLE_MS) {
        backoff.reset();
        attempt = 0;
      }
      if (!(await this.#waitToRetry(sentence, null, backoff, signal))) break;
      failure = sentence;
    }
  }

  #open(signal: AbortSignal): Promise<OpenedConnection> {
    if (!this.#where) return Promise.reject(new Error('invalid URL'));
    return openConnection({
      url: this.#url,
      where: this.#where,
      tls: this.#tls,
      connectionName: this.name,
      heartbeatSeconds: this.#heartbeatSeconds,
      timeoutMs: this.#connectTimeoutMs,
      signal,
    });
  }

  #describeOpenFailure(error: unknown): string {
    if (!this.#where) return 'The broker URL is not a valid URL (expected amqp://user@host:port/vhost or amqps://…).';
    if (error instanceof CaFileError) return error.message;
    return describeAmqpError(error, this.#where, this.#connectTimeoutMs);
  }

  /** Reports the failure, then waits; false when stopped meanwhile. */
  async #waitToRetry(sentence: string, previous: string | null, backoff: Backoff, signal: AbortSignal): Promise<boolean> {
    const delay = backoff.next();
    // The same refusal every 30 s for a night is one log line at warn level, not a thousand.
    const fields = { reason: sentence, retryInMs: delay, failures: backoff.failures };
    if (sentence === previous) this.#log.debug('AMQP connection attempt failed again', fields);
    else this.#log.warn('AMQP connection failed; retrying', fields);
    this.#status.set('reconnecting', withNext(sentence, `retrying in ${formatDelay(delay)}`), { lastError: sentence });
    return pause(delay, signal);
  }

  /** Runs the setups on an open connection until it closes (returns why, as a sentence) or the session stops. */
  async #hold(opened: OpenedConnection, signal: AbortSignal): Promise<string | typeof STOPPED> {
    const { model } = opened;
    const connection = { model, live: true };
    let lastError: Error | undefined;
    // Listeners stay on for the model's lifetime: amqplib emits 'error' with no listener as a throw.
    model.on('error', (error: Error) => {
      lastError = error;
    });
    const closed = new Promise<Error | undefined>((resolve) => {
      model.on('close', (error?: Error) => {
        connection.live = false;
        resolve(error ?? lastError);
      });
    });
    model.on('blocked', (reason: string) => {
      if (!connection.live) return;
      this.#log.warn('The broker blocked publishing on this connection', { reason });
      this.#status.update({ blocked: reason || 'no reason given' });
    });
    model.on('unblocked', () => {
      if (!connection.live) return;
      this.#log.info('The broker unblocked publishing on this connection');
      this.#status.update({ blocked: null });
    });
    model.on('handler-error', (error: Error, event: string) => {
      this.#log.error('A connection event listener threw', { event, err: error });
    });

    const server = serverName(model);
    this.#connection = connection;
    this.#status.set('open', `Connected to ${server} at ${this.#targetText()}.`, { server, blocked: null });
    this.#log.info('AMQP connection open', { server });
    this.#setupQueue = Promise.resolve();
    for (const slot of this.#slots) this.#enqueue(slot, connection);

    const loss = await unlessAborted(closed, signal, STOPPED);
    connection.live = false;
    this.#connection = null;
    let outcome: string | typeof STOPPED = STOPPED;
    if (loss === STOPPED) {
      this.#status.set('stopped', 'Stopping: closing the connection.', { blocked: null });
      await closeGracefully(opened, closed, GRACE_MS);
    } else {
      outcome = describeConnectionLoss(loss, this.#hostPort(), this.#heartbeatSeconds);
      this.#status.set('reconnecting', outcome, { blocked: null, lastError: outcome });
    }
    // Whatever amqplib left of the socket (it only end()s it) goes now, so nothing lingers.
    opened.destroy();
    await Promise.all([settleWithin(this.#setupQueue, GRACE_MS), ...this.#slots.map((slot) => slot.standDown())]);
    return outcome;
  }

  /** Setups start one after another, in registration order, so one can rely on what an earlier one declared. */
  #enqueue(slot: SetupSlot, connection: LiveConnection): void {
    this.#setupQueue = this.#setupQueue.then(() => slot.attach(connection));
  }

  #onSetupChange(name: string, failure: string | undefined): void {
    this.#status.update(failure ? { lastError: `Setup "${name}": ${failure}` } : {});
  }

  #hostPort(): string {
    return this.#where ? brokerHostPort(this.#where) : 'the broker';
  }

  #targetText(): string {
    return this.#where ? describeTarget(this.#where) : 'the broker';
  }
}

function parseTarget(url: string): BrokerTarget | null {
  try {
    return brokerTarget(url);
  } catch {
    return null;
  }
}

function describeTarget(where: BrokerTarget): string {
  return `${brokerHostPort(where)}, vhost ${where.vhost}`;
}
