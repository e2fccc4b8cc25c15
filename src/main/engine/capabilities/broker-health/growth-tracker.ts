/** Polls older than this no longer count towards a queue's growth. */
const WINDOW_MS = 60_000;

interface Point {
  at: number;
  messages: number;
}

/**
 * Per queue: growth in messages per minute over the last minute of polls, and since when
 * messages have stayed unacknowledged with no ack at all (the rules' memory between polls).
 */
export class QueueMemory {
  readonly #points = new Map<string, Point[]>();
  readonly #unackedSince = new Map<string, number>();

  /** Records a poll of one queue and answers its growth per minute; null until a second poll. */
  growth(subject: string, at: number, messages: number): number | null {
    const points = this.#points.get(subject) ?? [];
    points.push({ at, messages });
    // Keep one point at or beyond the window's start, so the span is a full minute once it can be.
    while (points.length > 2 && (points[1]?.at ?? at) <= at - WINDOW_MS) points.shift();
    this.#points.set(subject, points);
    const first = points[0];
    if (!first || points.length < 2 || at - first.at < 1) return null;
    return ((messages - first.messages) / (at - first.at)) * 60_000;
  }

  /** Seconds messages have been unacknowledged with an ack rate of zero; null when not the case (or unknown). */
  unackedFor(subject: string, at: number, unacked: number | null, ackRate: number | null): number | null {
    if (unacked === null || unacked === 0 || (ackRate ?? 0) > 0) {
      this.#unackedSince.delete(subject);
      return null;
    }
    const since = this.#unackedSince.get(subject) ?? at;
    this.#unackedSince.set(subject, since);
    return (at - since) / 1000;
  }

  /** Forgets queues not in `present`; answers the subjects forgotten. */
  retain(present: ReadonlySet<string>): string[] {
    const gone = [...this.#points.keys()].filter((subject) => !present.has(subject));
    for (const subject of gone) {
      this.#points.delete(subject);
      this.#unackedSince.delete(subject);
    }
    return gone;
  }

  subjects(): string[] {
    return [...this.#points.keys()];
  }
}
