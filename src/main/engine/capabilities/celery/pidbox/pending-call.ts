/** What a remote-control call collected. */
export interface PidboxResult {
  /** hostname (as the worker names itself, e.g. 'celery@web1') -> its reply. */
  replies: Record<string, unknown>;
  /** Destinations that did not answer in time. Always empty for a broadcast: nobody is expected. */
  missing: string[];
  /** Hostnames that answered more than once: two workers share a node name (Celery warns about this too). */
  duplicates: string[];
  elapsedMs: number;
}

export interface PendingCallOptions {
  ticket: string;
  method: string;
  destination: string[] | null;
  /** Stop after this many distinct hostnames have answered; undefined waits for the timeout. */
  limit: number | undefined;
  timeoutMs: number;
  /** Called once, however the call ends, so the client can forget the ticket. */
  onSettled: (call: PendingCall) => void;
}

/** Replies to one ticket, gathered until the limit is reached or the timeout fires. */
export class PendingCall {
  readonly ticket: string;
  readonly method: string;
  readonly promise: Promise<PidboxResult>;
  #options: PendingCallOptions;
  #replies: Record<string, unknown> = {};
  #duplicates = new Set<string>();
  #started = Date.now();
  #timer: NodeJS.Timeout;
  #settled = false;
  #resolve!: (result: PidboxResult) => void;
  #reject!: (error: Error) => void;

  constructor(options: PendingCallOptions) {
    this.ticket = options.ticket;
    this.method = options.method;
    this.#options = options;
    this.promise = new Promise<PidboxResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A total deadline, not kombu's "no reply for timeout seconds": an operator's click
    // must come back in a known time however many workers trickle in.
    this.#timer = setTimeout(() => this.finish(), options.timeoutMs);
  }

  get replyCount(): number {
    return Object.keys(this.#replies).length;
  }

  add(replies: Record<string, unknown>): void {
    if (this.#settled) return;
    for (const [hostname, reply] of Object.entries(replies)) {
      if (Object.hasOwn(this.#replies, hostname)) this.#duplicates.add(hostname);
      else this.#replies[hostname] = reply;
    }
    const { limit } = this.#options;
    if (limit !== undefined && this.replyCount >= limit) this.finish();
  }

  /** Resolves with whatever has arrived. */
  finish(): void {
    if (!this.#settle()) return;
    const { destination } = this.#options;
    this.#resolve({
      replies: this.#replies,
      missing: destination ? destination.filter((name) => !Object.hasOwn(this.#replies, name)) : [],
      duplicates: [...this.#duplicates],
      elapsedMs: Date.now() - this.#started,
    });
  }

  fail(error: Error): void {
    if (this.#settle()) this.#reject(error);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#options.onSettled(this);
    return true;
  }
}
