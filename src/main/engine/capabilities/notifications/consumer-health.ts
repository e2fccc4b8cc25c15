import type { ConsumerHealth, QueueConsumer } from '../../../../shared/domain/notifications.ts';
import type { NotificationSettings } from '../../../../shared/domain/settings.ts';
import type { AmqpSessionStatus } from '../../kernel/amqp/amqp-session.ts';
import type { AdoptedQueue } from './adopt-queue.ts';
import { setupName } from './notification-consumer.ts';

/** A connection or a queue setup failing this many times in a row is failing, not just reconnecting. */
const FAILING_AFTER = 3;

export interface HealthInput {
  session: AmqpSessionStatus;
  settings: NotificationSettings;
  storeError: string | null;
  queue: (name: string) => AdoptedQueue | undefined;
}

/** The one line an operator reads first, and each queue's state. */
export function consumerHealth(input: HealthInput): { health: ConsumerHealth; detail: string; queues: QueueConsumer[] } {
  const { session, settings } = input;
  const queues: QueueConsumer[] = settings.queues.map((queue) => {
    const setup = session.setups.find((s) => s.name === setupName(queue));
    const adopted = input.queue(queue);
    return {
      queue,
      exchanges: settings.exchanges,
      state: setup?.state ?? 'waiting',
      detail: setup?.detail ?? 'Waiting for the connection.',
      origin: adopted?.origin ?? null,
      durable: adopted?.durable ?? null,
    };
  });
  if (input.storeError) return { health: 'failing', detail: input.storeError, queues };
  if (session.state !== 'open') {
    const failing = session.state === 'reconnecting' && session.attempt > FAILING_AFTER;
    return { health: failing ? 'failing' : 'reconnecting', detail: session.detail, queues };
  }
  const failed = session.setups.filter((s) => settings.queues.some((q) => setupName(q) === s.name) && s.state === 'failed');
  if (failed.length > 0) {
    const worst = failed.reduce((a, b) => (b.failures > a.failures ? b : a));
    const queue = worst.name.replace(/^notifications /, '');
    return { health: worst.failures >= FAILING_AFTER ? 'failing' : 'reconnecting', detail: `Queue ${queue}: ${worst.detail}`, queues };
  }
  if (queues.some((q) => q.state !== 'ready')) return { health: 'reconnecting', detail: 'Connected; setting up the queues.', queues };
  return { health: 'consuming', detail: `Consuming ${settings.queues.join(', ')} from ${settings.exchanges.join(', ')}. ${session.detail}`, queues };
}
