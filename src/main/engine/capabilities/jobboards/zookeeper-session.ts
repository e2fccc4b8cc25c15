import zookeeper, { type Client } from 'node-zookeeper-client';
import type { ZookeeperSessionStatus } from '../../../../shared/domain/jobboards.ts';
import type { Logger } from '../../kernel/logging/logger.ts';

interface ConnectionManagerInternals {
  connect: () => void;
  socket?: { destroy(): void };
}

/**
 * node-zookeeper-client 1.1.3's close() writes a close packet straight to its socket and throws
 * (reading 'write' of undefined) when no socket is open yet, i.e. while it is still looking for a
 * server; its pending server search would then connect again regardless of the close. So when
 * close() throws, the reconnect is disarmed and any half-open socket destroyed: nothing was open.
 */
function closeQuietly(client: Client): void {
  client.removeAllListeners();
  try {
    client.close();
  } catch {
    const manager = (client as unknown as { connectionManager?: ConnectionManagerInternals }).connectionManager;
    if (manager) {
      manager.connect = () => {};
      manager.socket?.destroy();
    }
  }
}

/** While connected, the session is probed this often... */
const PROBE_EVERY_MS = 3000;
/** ...and a server that takes longer than this to answer is treated as lost. */
const PROBE_TIMEOUT_MS = 5000;

/** A session not granted within this long is "failing" (the client keeps trying meanwhile). */
const FAILING_AFTER_MS = 10_000;

export interface ZookeeperSessionOptions {
  hosts: string;
  log: Logger;
  /** A (new or resumed) session is connected: read everything again and re-arm every watch. */
  onConnected: (client: Client) => void;
  onStatus: () => void;
  now: () => number;
  sessionTimeoutMs?: number;
}

/**
 * One ZooKeeper session for a deployment's job boards. node-zookeeper-client reconnects a
 * session by itself while the session lives; once the ensemble expired it, the client is dead
 * and a new one must be built (the ephemeral nodes and watches of the old one are gone), so
 * everything is re-read on every connect.
 */
export class ZookeeperSession {
  readonly #o: ZookeeperSessionOptions;
  #client: Client | undefined;
  #status: ZookeeperSessionStatus = 'stopped';
  #detail = 'Not started.';
  #since: number;
  #failTimer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #probed: Client | undefined;
  #everConnected = false;

  constructor(options: ZookeeperSessionOptions) {
    this.#o = options;
    this.#since = options.now();
  }

  status(): { status: ZookeeperSessionStatus; detail: string; since: string } {
    return { status: this.#status, detail: this.#detail, since: new Date(this.#since).toISOString() };
  }

  get client(): Client | undefined {
    return this.#status === 'connected' ? this.#client : undefined;
  }

  start(): void {
    if (this.#client) return;
    this.#open();
  }

  stop(): void {
    clearTimeout(this.#failTimer);
    clearTimeout(this.#probeTimer);
    const client = this.#client;
    this.#client = undefined;
    if (client) closeQuietly(client);
    this.#set('stopped', 'Stopped.');
  }

  #open(): void {
    const client = zookeeper.createClient(this.#o.hosts, { sessionTimeout: this.#o.sessionTimeoutMs ?? 15_000, spinDelay: 500, retries: 0 });
    this.#client = client;
    this.#set(this.#everConnected ? 'reconnecting' : 'connecting', this.#everConnected ? `Reconnecting to ${this.#o.hosts}…` : `Connecting to ${this.#o.hosts}…`);
    this.#armFailing();
    client.on('connected', () => {
      if (client !== this.#client) return;
      clearTimeout(this.#failTimer);
      this.#everConnected = true;
      this.#connected(client);
      if (this.#probed !== client) {
        this.#probed = client;
        this.#probe(client);
      }
    });
    client.on('disconnected', () => {
      if (client !== this.#client) return;
      this.#set('reconnecting', `Lost the connection to ${this.#o.hosts}; reconnecting (the session and its watches survive if it is back within the session timeout).`);
      this.#armFailing();
    });
    client.on('expired', () => {
      if (client !== this.#client) return;
      this.#o.log.warn('job boards: ZooKeeper session expired; opening a new one', { hosts: this.#o.hosts });
      closeQuietly(client);
      this.#open();
    });
    client.on('authenticationFailed', () => {
      if (client !== this.#client) return;
      this.#set('failing', `ZooKeeper at ${this.#o.hosts} refused the session: authentication failed.`);
    });
    client.connect();
  }

  /**
   * Not connected for FAILING_AFTER_MS: "failing". Still not connected a session timeout later:
   * the old session is gone on the server's side anyway, and node-zookeeper-client can stay stuck
   * retrying it after an ensemble restart (seen under load), so a fresh client takes over.
   */
  #connected(client: Client): void {
    this.#set('connected', `Session with ${this.#o.hosts}.`);
    try {
      this.#o.onConnected(client);
    } catch (error) {
      this.#o.log.error('job boards: re-reading after connect failed', { err: error });
    }
  }

  /**
   * node-zookeeper-client notices a closed socket, but not a server that stopped answering (a
   * frozen JVM, a network that drops packets): it stays "connected" and watches never fire. So the
   * session is probed with a cheap exists('/'); no answer in PROBE_TIMEOUT_MS counts as a lost
   * connection (then "failing", then a new client), and an answer afterwards as a resumed session.
   */
  #probe(client: Client): void {
    this.#probeTimer = setTimeout(() => {
      if (client !== this.#client) return;
      let settled = false;
      const lost = setTimeout(() => {
        settled = true;
        if (client !== this.#client) return;
        if (this.#status === 'connected') {
          this.#set('reconnecting', `ZooKeeper at ${this.#o.hosts} stopped answering (nothing for ${PROBE_TIMEOUT_MS / 1000} s); waiting for it.`);
          this.#armFailing();
        }
        this.#probe(client);
      }, PROBE_TIMEOUT_MS);
      lost.unref?.();
      client.exists('/', (error) => {
        clearTimeout(lost);
        if (client !== this.#client) return;
        if (!error && this.#status !== 'connected' && client.getState() === zookeeper.State.SYNC_CONNECTED) {
          clearTimeout(this.#failTimer);
          this.#connected(client);
        }
        if (!settled) this.#probe(client);
        settled = true;
      });
    }, PROBE_EVERY_MS);
    this.#probeTimer.unref?.();
  }

  #armFailing(): void {
    clearTimeout(this.#failTimer);
    this.#failTimer = setTimeout(() => {
      if (this.#status === 'connected' || this.#status === 'stopped') return;
      this.#set('failing', `No ZooKeeper server of ${this.#o.hosts} has answered for ${FAILING_AFTER_MS / 1000} s; still trying. Check that the ensemble is up and reachable from Tach.`);
      this.#failTimer = setTimeout(() => {
        if (this.#status !== 'failing' || !this.#client) return;
        this.#o.log.warn('job boards: no ZooKeeper session for a session timeout; starting over with a new client', { hosts: this.#o.hosts });
        closeQuietly(this.#client);
        this.#open();
        // #open() announced "reconnecting"; the operator should go on seeing the failure.
        this.#set('failing', `No ZooKeeper server of ${this.#o.hosts} has answered; still trying with a new session. Check that the ensemble is up and reachable from Tach.`);
      }, this.#o.sessionTimeoutMs ?? 15_000);
      this.#failTimer.unref?.();
    }, FAILING_AFTER_MS);
    this.#failTimer.unref?.();
  }

  #set(status: ZookeeperSessionStatus, detail: string): void {
    if (status !== this.#status) this.#since = this.#o.now();
    this.#status = status;
    this.#detail = detail;
    this.#o.onStatus();
  }
}
