import type { Logger } from '../logging/logger.ts';
import type { AmqpSessionState, AmqpSessionStatus, SetupStatus, StatusListener } from './session-status.ts';
import { StatusListeners } from './session-status.ts';

/** The status as kept; the setups' part is read fresh whenever a snapshot is taken. */
type SessionCore = Omit<AmqpSessionStatus, 'setups'>;

/**
 * A session's status, and the listeners to tell. While open, the detail is composed: where it is
 * connected, whether the broker is blocking publishers, and which setups fail and when they retry.
 */
export class SessionStatusBook {
  readonly #listeners: StatusListeners<AmqpSessionStatus>;
  readonly #setups: () => SetupStatus[];
  #core: SessionCore;
  #connected = '';

  constructor(name: string, log: Logger, setups: () => SetupStatus[]) {
    this.#listeners = new StatusListeners(log);
    this.#setups = setups;
    this.#core = {
      name,
      state: 'idle',
      detail: 'Not started.',
      since: new Date().toISOString(),
      lastError: null,
      attempt: 0,
      blocked: null,
      server: null,
    };
  }

  get state(): AmqpSessionState {
    return this.#core.state;
  }

  snapshot(): AmqpSessionStatus {
    return { ...this.#core, setups: this.#setups() };
  }

  subscribe(listener: StatusListener<AmqpSessionStatus>): () => void {
    return this.#listeners.add(listener);
  }

  /** Moves to `state` (`since` changes only when the state does); for 'open', `detail` is the connected sentence. */
  set(state: AmqpSessionState, detail: string, change: Partial<SessionCore> = {}): void {
    if (state === 'open') this.#connected = detail;
    const since = state === this.#core.state ? this.#core.since : new Date().toISOString();
    this.#publish({ ...this.#core, ...change, state, detail, since });
  }

  /** Re-emits with `change` and the setups' current state, keeping the state. */
  update(change: Partial<SessionCore> = {}): void {
    this.#publish({ ...this.#core, ...change });
  }

  #publish(next: SessionCore): void {
    if (next.state === 'open') next.detail = this.#openDetail(next.blocked);
    this.#core = next;
    this.#listeners.emit(this.snapshot());
  }

  #openDetail(blocked: string | null): string {
    const parts = [this.#connected];
    if (blocked) parts.push(`The broker is blocking publishers (${blocked}): a memory or disk alarm; consuming goes on.`);
    for (const setup of this.#setups()) {
      if (setup.state === 'failed') parts.push(`Setup "${setup.name}" failed: ${setup.detail}`);
    }
    return parts.join(' ');
  }
}
