import type { Channel, ChannelModel } from 'amqplib';
import { AmqpSession } from '../../kernel/amqp/amqp-session.ts';
import type { Logger } from '../../kernel/logging/logger.ts';
import type { HealthSource, PollResult, PolledQueue } from './health-source.ts';

export interface PassiveSourceOptions {
  name: string;
  url: string;
  tls: { caPath: string | null; verify: boolean };
  /** Queue names in the URL's vhost. */
  queues: () => readonly string[];
  log: Logger;
}

const FIRST_CONNECT_MS = 5000;

const LIMITS =
  'No management API URL is set, so Tach passive-declares the queues named in the broker health settings: it sees their messages and consumers only (no rates, unacknowledged counts, memory, broker overview or other queues). Add the management API URL to see everything.';

/**
 * Without a management API: `queue.declare(passive)` on the deployment's AMQP connection answers
 * a queue's message count and consumer count. A missing queue closes the channel (404), so it is
 * reported as missing and a fresh channel is opened for the next one.
 */
export class PassiveSource implements HealthSource {
  readonly kind = 'passive';
  readonly limits = LIMITS;
  readonly #session: AmqpSession;
  readonly #options: PassiveSourceOptions;
  #model: ChannelModel | null = null;
  #channel: Channel | null = null;
  #vhost: string;

  constructor(options: PassiveSourceOptions) {
    this.#options = options;
    this.#session = new AmqpSession({ name: options.name, url: options.url, tls: options.tls, log: options.log, connectTimeoutMs: 5000 });
    this.#vhost = vhostOf(options.url);
    // The setup only records the connection; polls open their own channels on it.
    this.#session.addSetup('passive-declares', async (_channel, model) => {
      this.#model = model;
      this.#channel = null;
      model.on('close', () => {
        if (this.#model === model) this.#model = null;
      });
    });
  }

  start(): void {
    this.#session.start();
  }

  async poll(signal: AbortSignal): Promise<PollResult> {
    const names = this.#options.queues();
    if (names.length === 0) {
      throw new Error('No management API URL is set and no queues are named in the broker health settings: name the queues to watch, or add the management API URL.');
    }
    await this.#firstConnect(signal);
    const model = this.#model;
    const status = this.#session.status();
    if (!model || status.state !== 'open') throw new Error(`Not connected to the broker: ${status.detail}`);
    const queues: PolledQueue[] = [];
    const missing: string[] = [];
    for (const name of names) {
      signal.throwIfAborted();
      const channel = await this.#openChannel(model);
      try {
        const answer = await channel.checkQueue(name);
        queues.push(passiveStat(name, this.#vhost, answer.messageCount, answer.consumerCount));
      } catch {
        // 404 NOT_FOUND closes the channel; the next queue gets a new one.
        this.#channel = null;
        missing.push(name);
      }
    }
    const where = `${status.server ?? 'the broker'}, vhost ${this.#vhost}`;
    return {
      overview: null,
      queues,
      detail:
        missing.length === 0
          ? `Passive declares of ${queues.length} queue${queues.length === 1 ? '' : 's'} on ${where}.`
          : `Passive declares on ${where}: ${missing.map((n) => `"${n}"`).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`,
    };
  }

  /** The first poll comes right after start: give the first connection a moment before calling it a failure. */
  async #firstConnect(signal: AbortSignal): Promise<void> {
    const waiting = (state: string) => state === 'idle' || state === 'connecting' || (state === 'open' && !this.#model);
    if (!waiting(this.#session.status().state)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, FIRST_CONNECT_MS);
      const unsubscribe = this.#session.onStatus((status) => {
        if (!waiting(status.state)) done();
      });
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    // The setup runs just after the session reports open.
    for (let i = 0; i < 20 && !this.#model && this.#session.status().state === 'open'; i++) await new Promise((r) => setTimeout(r, 50));
  }

  async stop(): Promise<void> {
    this.#model = null;
    this.#channel = null;
    await this.#session.stop();
  }

  async #openChannel(model: ChannelModel): Promise<Channel> {
    if (this.#channel) return this.#channel;
    const channel = await model.createChannel();
    // A 404 closes the channel with an error event; it is expected here, never fatal.
    channel.on('error', () => {});
    channel.on('close', () => {
      if (this.#channel === channel) this.#channel = null;
    });
    this.#channel = channel;
    return channel;
  }
}

function passiveStat(name: string, vhost: string, messages: number, consumers: number): PolledQueue {
  return {
    name,
    vhost,
    messages,
    messagesReady: null,
    messagesUnacknowledged: null,
    consumers,
    memory: null,
    consumerUtilisation: null,
    publishRate: null,
    deliverRate: null,
    ackRate: null,
    idleSince: null,
    messageTtlMs: null,
  };
}

/** amqp://host/vhost: the path, percent-decoded; no path is the default vhost "/". */
export function vhostOf(url: string): string {
  try {
    const path = new URL(url).pathname;
    if (path === '' || path === '/') return '/';
    return decodeURIComponent(path.slice(1));
  } catch {
    return '/';
  }
}
