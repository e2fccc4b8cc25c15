import type { Channel, ChannelModel } from 'amqplib';
import { errorMessage } from '../connections/network-error.ts';
import type { Logger } from '../logging/logger.ts';
import { Backoff, formatDelay, type BackoffPolicy } from './backoff.ts';
import { describeChannelError, withNext } from './describe-amqp-loss.ts';
import type { SetupState, SetupStatus } from './session-status.ts';
import { closeChannelQuietly, settleWithin, withinDeadline } from './settle.ts';

/** Declares topology and starts consumers on the channel it is given; runs on every (re)connect. */
export type AmqpSetup = (channel: Channel, connection: ChannelModel) => Promise<void>;

/** The session's current connection as setups see it. */
export interface LiveConnection {
  readonly model: ChannelModel;
  /** False from the moment the connection closed or the session began closing it. */
  readonly live: boolean;
}

export interface SetupSlotOptions {
  name: string;
  setup: AmqpSetup;
  policy: BackoffPolicy;
  timeoutMs: number;
  /** A setup whose channel stayed up this long starts its backoff over. */
  stableMs: number;
  /** How long standing down waits for a setup still running. */
  graceMs: number;
  log: Logger;
  /** Called after every status change; `failure` is the sentence when it just failed. */
  onChange: (failure?: string) => void;
}

/** One run of the setup on one channel. */
interface Run {
  readonly connection: LiveConnection;
  channel: Channel | null;
  channelError: Error | null;
  channelClosed: boolean;
  /** We are closing the channel ourselves: its 'close' is not a failure. */
  closing: boolean;
  /** This run has failed or was superseded; nothing it does changes the slot any more. */
  over: boolean;
  readyAt: number | null;
}

/**
 * One registered setup, on its own channel: a channel-level error (406 PRECONDITION_FAILED from a
 * queue declared with other flags, 404 from a queue deleted under a consumer) kills only that
 * channel, so the others keep consuming while this one is retried with backoff.
 */
export class SetupSlot {
  readonly name: string;
  readonly #options: SetupSlotOptions;
  readonly #backoff: Backoff;
  #status: SetupStatus;
  #connection: LiveConnection | null = null;
  #run: Run | null = null;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #removed = false;

  constructor(options: SetupSlotOptions) {
    this.name = options.name;
    this.#options = options;
    this.#backoff = new Backoff(options.policy);
    this.#status = { name: options.name, state: 'waiting', ok: false, detail: 'Waiting for the connection.', failures: 0, since: new Date().toISOString() };
  }

  status(): SetupStatus {
    return { ...this.#status };
  }

  /** Runs on a fresh connection; resolves when this first run has succeeded or failed. */
  attach(connection: LiveConnection): Promise<void> {
    if (this.#removed || !connection.live) return Promise.resolve();
    this.#cancelRetry();
    if (this.#run) this.#run.over = true;
    this.#connection = connection;
    this.#backoff.reset();
    return this.#start();
  }

  /** The connection is gone: no retries, and wait (bounded) for a run in flight to notice. */
  async standDown(): Promise<void> {
    this.#cancelRetry();
    if (this.#run) this.#run.over = true;
    this.#run = null;
    this.#connection = null;
    await settleWithin(this.#inFlight, this.#options.graceMs);
    if (!this.#removed) this.#set('waiting', 'Waiting for the connection.');
  }

  /** Unregistered: closes its channel (cancelling its consumers) on a connection that stays open. */
  async remove(): Promise<void> {
    this.#removed = true;
    const run = this.#run;
    if (run) run.closing = true;
    await this.standDown();
    if (run?.channel && run.connection.live) await closeChannelQuietly(run.channel, this.#options.graceMs);
  }

  #start(): Promise<void> {
    const connection = this.#connection;
    if (this.#removed || !connection?.live) return Promise.resolve();
    const run: Run = { connection, channel: null, channelError: null, channelClosed: false, closing: false, over: false, readyAt: null };
    this.#run = run;
    const work = this.#execute(run).catch((error: unknown) => {
      this.#options.log.error('Setup run failed unexpectedly', { setup: this.name, err: error });
    });
    this.#inFlight = work;
    return work;
  }

  async #execute(run: Run): Promise<void> {
    this.#set('running', 'Setting up.');
    try {
      const channel = await run.connection.model.createChannel();
      run.channel = channel;
      this.#watch(run, channel);
      if (run.over) {
        run.closing = true;
        await closeChannelQuietly(channel, this.#options.graceMs);
        return;
      }
      // A setup that throws synchronously fails like one that rejects.
      const setup = Promise.resolve().then(() => this.#options.setup(channel, run.connection.model));
      await withinDeadline(setup, this.#options.timeoutMs, `The setup did not finish within ${formatDelay(this.#options.timeoutMs)}.`);
      if (run.over) return;
      // A setup that swallowed its channel's death has not set anything up.
      if (run.channelClosed) throw run.channelError ?? new Error('Its channel closed during setup.');
      run.readyAt = Date.now();
      this.#set('ready', 'Ready.');
      this.#options.log.debug('Setup ready', { setup: this.name });
    } catch (error) {
      this.#fail(run, mostTelling(error, run.channelError));
    }
  }

  #watch(run: Run, channel: Channel): void {
    channel.on('error', (error: Error) => {
      run.channelError = error;
    });
    // amqplib reports a consumer callback that throws here (with this listener present) instead
    // of letting it unwind through the socket's data handler.
    channel.on('handler-error', (error: Error, event: string) => {
      this.#options.log.error('A consumer callback threw', { setup: this.name, event, err: error });
    });
    channel.on('close', () => {
      run.channelClosed = true;
      // amqplib closes every channel before it emits the connection's 'close': decide after that.
      queueMicrotask(() => {
        if (run.closing || run.over || !run.connection.live || this.#run !== run || run.readyAt === null) return;
        this.#fail(run, run.channelError ?? new Error('Its channel was closed.'));
      });
    });
  }

  #fail(run: Run, error: unknown): void {
    if (run.over || this.#run !== run) return;
    run.over = true;
    if (!run.connection.live) return; // the session reports the connection's loss instead
    if (run.readyAt !== null && Date.now() - run.readyAt >= this.#options.stableMs) this.#backoff.reset();
    const delay = this.#backoff.next();
    const sentence = describeChannelError(error);
    this.#options.log.warn('Setup failed; retrying', { setup: this.name, reason: sentence, retryInMs: delay });
    if (run.channel && !run.channelClosed) {
      run.closing = true;
      void closeChannelQuietly(run.channel, this.#options.graceMs);
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#start();
    }, delay);
    this.#set('failed', withNext(sentence, `retrying in ${formatDelay(delay)}`), sentence);
  }

  #cancelRetry(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(state: SetupState, detail: string, failure?: string): void {
    const since = state === this.#status.state ? this.#status.since : new Date().toISOString();
    this.#status = { name: this.name, state, ok: state === 'ready', detail, failures: this.#backoff.failures, since };
    this.#options.onChange(failure);
  }
}

/**
 * The RPC that broke the channel names itself ("Operation failed: QueueDeclare; 406 …"); any
 * other call in flight only hears "Channel ended, no reply will be forthcoming", so the broker's
 * reason from the channel's 'error' says more.
 */
function mostTelling(thrown: unknown, channelError: Error | null): unknown {
  if (!channelError) return thrown;
  return /^Operation failed: /.test(errorMessage(thrown)) ? thrown : channelError;
}
