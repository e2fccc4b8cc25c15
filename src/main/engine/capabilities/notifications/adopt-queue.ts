import type { Channel, ChannelModel } from 'amqplib';
import { closeChannelQuietly } from '../../kernel/amqp/settle.ts';

export interface AdoptedQueue {
  /** Found on the broker (taken as it is) or created by Tach with the producer's flags. */
  origin: 'adopted' | 'created';
  /** Null when the broker would not say (the queue has other arguments, such as a queue type). */
  durable: boolean | null;
  /** Ready messages when the consumer started. */
  messages: number;
}

type Probe<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Never break the cloud being watched: oslo.messaging declares the queue named after each routing
 * key itself, durable only with `amqp_durable_queues`, and a queue (or exchange) declared with
 * other flags makes every later declaration by Nova fail with 406 PRECONDITION_FAILED
 * (inequivalent arg 'durable'), which stops its notifications.
 *
 * So a queue or exchange that exists is only ever checked passively and taken as it is; one that
 * does not is created with the producer's flags (topic exchange, not auto-delete, durable as the
 * cloud's setting). Probes that may fail run on a throwaway channel, since a failed check closes
 * its channel. Binding the queue to the exchange with its own name as routing key is what
 * oslo.messaging does too, so repeating it is harmless.
 */
export async function adoptQueue(connection: ChannelModel, channel: Channel, queue: string, exchanges: readonly string[], durable: boolean): Promise<AdoptedQueue> {
  const flags = { durable, autoDelete: false };
  for (const exchange of exchanges) {
    const found = await probe(connection, (ch) => ch.checkExchange(exchange));
    if (!found.ok) await channel.assertExchange(exchange, 'topic', flags);
  }
  const existing = await probe(connection, (ch) => ch.checkQueue(queue));
  let adopted: AdoptedQueue;
  if (existing.ok) {
    adopted = { origin: 'adopted', durable: await durabilityOf(connection, queue, durable), messages: existing.value.messageCount };
  } else {
    const created = await channel.assertQueue(queue, { ...flags, exclusive: false });
    adopted = { origin: 'created', durable, messages: created.messageCount };
  }
  for (const exchange of exchanges) await channel.bindQueue(queue, exchange, queue);
  return adopted;
}

/**
 * AMQP has no way to read a queue's flags, but re-declaring an existing queue with the same flags
 * is a no-op and with other flags fails (on our throwaway channel only, leaving the queue as it
 * is): the answer tells which it is.
 */
async function durabilityOf(connection: ChannelModel, queue: string, guess: boolean): Promise<boolean | null> {
  const same = await probe(connection, (ch) => ch.assertQueue(queue, { durable: guess, autoDelete: false, exclusive: false }));
  if (same.ok) return guess;
  return /inequivalent arg 'durable'/.test(same.error.message) ? !guess : null;
}

/** Runs a check that may fail on a throwaway channel: a failed check closes the channel it ran on. */
export async function probe<T>(connection: ChannelModel, run: (channel: Channel) => Promise<T>): Promise<Probe<T>> {
  const channel = await connection.createChannel();
  channel.on('error', () => {
    // The failed check's 404/406 closes this channel; the outcome is read from the rejection.
  });
  try {
    return { ok: true, value: await run(channel) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    await closeChannelQuietly(channel, 2000);
  }
}
