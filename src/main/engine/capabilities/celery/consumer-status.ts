import type { CeleryConsumerStatus } from '../../../../shared/domain/celery.ts';
import type { CeleryRunner } from './celery-runner.ts';

/** The one line an operator reads first: is Tach getting this deployment's events, and if not, why. */
export function consumerStatus(runner: CeleryRunner | undefined, offReason: string, nowMs: number): CeleryConsumerStatus {
  if (!runner) {
    return { state: 'off', detail: offReason, since: new Date(nowMs).toISOString(), lastEventAt: null, rate: 0, eventsTotal: 0, rejectedTotal: 0 };
  }
  const session = runner.session.status();
  const counters = runner.monitor.counters();
  const base = {
    since: session.since,
    lastEventAt: counters.lastEventAt === null ? null : new Date(counters.lastEventAt).toISOString(),
    rate: Math.round(counters.rate * 10) / 10,
    eventsTotal: counters.eventsTotal,
    rejectedTotal: counters.rejectedTotal,
  };
  if (counters.storeError) return { ...base, state: 'failing', detail: counters.storeError };
  if (session.state === 'reconnecting') return { ...base, state: 'reconnecting', detail: session.detail };
  if (session.state !== 'open') return { ...base, state: 'connecting', detail: session.detail };
  const events = session.setups.find((setup) => setup.name === 'celery events');
  if (events?.state === 'failed') return { ...base, state: 'failing', detail: events.detail };
  if (events?.state !== 'ready') return { ...base, state: 'connecting', detail: 'Connected; setting up the event queue.' };
  return { ...base, state: 'consuming', detail: `Consuming the celeryev events. ${session.detail}` };
}
