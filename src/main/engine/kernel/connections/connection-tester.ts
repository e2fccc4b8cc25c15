import type { ConnectionCheck, ConnectionChecks, ConnectionKind } from '../../../../shared/domain/types.ts';
import type { Logger } from '../logging/logger.ts';
import { checkBroker } from './broker-check.ts';
import type { ConnectionTargets } from './connection-targets.ts';
import { checkManagement } from './management-check.ts';
import { errorMessage } from './network-error.ts';
import { checkZookeeper } from './zookeeper-check.ts';

/** Every check answers within this, so the Test button always comes back in a few seconds. */
export const CHECK_TIMEOUT_MS = 5000;

/** Runs the checks of every configured connection at once. Never throws: failures are results. */
export async function testConnections(
  targets: ConnectionTargets,
  now: () => Date,
  log: Logger,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ConnectionChecks> {
  const runs: [ConnectionKind, () => Promise<string>][] = [];
  const { broker, management, zookeeper } = targets;
  if (broker) runs.push(['broker', () => ('problem' in broker ? reject(broker.problem) : checkBroker(broker, timeoutMs))]);
  if (management) {
    runs.push([
      'management',
      () => ('problem' in management ? reject(management.problem) : checkManagement(management, timeoutMs)),
    ]);
  }
  if (zookeeper) runs.push(['zookeeper', () => checkZookeeper(zookeeper, timeoutMs)]);

  const results = await Promise.all(
    runs.map(async ([kind, run]): Promise<[ConnectionKind, ConnectionCheck]> => {
      const started = performance.now();
      let ok = true;
      let detail: string;
      try {
        detail = await run();
      } catch (error) {
        ok = false;
        detail = errorMessage(error);
      }
      const check = { ok, detail, checkedAt: now().toISOString(), elapsedMs: Math.round(performance.now() - started) };
      log.info('connection checked', { kind, ok, detail, elapsedMs: check.elapsedMs });
      return [kind, check];
    }),
  );
  return Object.fromEntries(results);
}

const reject = (problem: string): Promise<never> => Promise.reject(new Error(problem));
