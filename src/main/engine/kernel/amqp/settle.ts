import type { Channel } from 'amqplib';

/** Waits for `work` to settle, but never longer than `ms`: shutdown must not hang on someone else's promise. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work.then(() => {}, () => {}), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rejects with `message` after `ms`; the losing `work` is left to settle unobserved, never unhandled. */
export async function withinDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a channel, ignoring "already closed" and a broker that never answers. */
export async function closeChannelQuietly(channel: Channel, ms: number): Promise<void> {
  try {
    await settleWithin(channel.close(), ms);
  } catch {
    // amqplib throws synchronously on a channel that is already closed
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the timer is cleared then). */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with what `settles` gives, or `onAbort` as soon as `signal` aborts. */
export function unlessAborted<T, A>(settles: Promise<T>, signal: AbortSignal, onAbort: A): Promise<T | A> {
  if (signal.aborted) return Promise.resolve(onAbort);
  return new Promise((resolve, reject) => {
    const abort = () => resolve(onAbort);
    signal.addEventListener('abort', abort, { once: true });
    settles.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
