import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../src/shared/contract/api.ts';
import { CHANNELS, REQUEST_CHANNELS, type RequestChannel } from '../../src/shared/contract/channels.ts';
import type { Result } from '../../src/shared/contract/result.ts';
import { createFakeApi } from '../support/fake-api/fake-api.ts';
import { startTempEngine, type TempEngine } from '../support/temp-engine.ts';

// The renderer's component tests run against a fake of the engine (test/support/fake-api). This
// runs the fake and a real engine through the same script of requests, both against the one
// declared contract, so the fake cannot drift: the same inputs are refused with the same code and
// field, and what each answers has the same shape (the same fields, of the same types; a value
// either side leaves null is not a difference, a field only one side has is).

/** Where two answers differ in shape, as "path: what". */
function shapeDifferences(fake: unknown, real: unknown, path = '$'): string[] {
  if (fake === null || real === null || fake === undefined || real === undefined) return [];
  if (Array.isArray(fake) || Array.isArray(real)) {
    if (!Array.isArray(fake) || !Array.isArray(real)) return [`${path}: array on one side only`];
    return fake.length > 0 && real.length > 0 ? shapeDifferences(fake[0], real[0], `${path}[0]`) : [];
  }
  if (typeof fake !== typeof real) return [`${path}: ${typeof fake} in the fake, ${typeof real} in the engine`];
  if (typeof fake !== 'object') return [];
  const fakeKeys = new Set(Object.keys(fake as object));
  const realKeys = new Set(Object.keys(real as object));
  const differences = [
    ...[...realKeys].filter((key) => !fakeKeys.has(key)).map((key) => `${path}.${key}: missing from the fake`),
    ...[...fakeKeys].filter((key) => !realKeys.has(key)).map((key) => `${path}.${key}: only in the fake`),
  ];
  for (const key of fakeKeys) {
    if (realKeys.has(key)) differences.push(...shapeDifferences((fake as Record<string, unknown>)[key], (real as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return differences;
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; field: string | undefined };
const outcome = (result: Result<unknown>): Outcome =>
  result.ok ? { ok: true, value: result.value } : { ok: false, code: result.error.code, field: result.error.field };

let real: TempEngine;
let fake: Api;

/**
 * Sends one request to both and checks they agree; returns both answers. `ids` puts each side's own
 * id of what the script created into the input (the fake numbers tenants and deployments in one
 * sequence, the store in one each).
 */
async function both(channel: RequestChannel, input: unknown, ids?: (side: 'fake' | 'real') => object): Promise<{ fake: Outcome; real: Outcome }> {
  const fromFake = outcome(await fake.invoke(channel as never, (ids ? { ...(input as object), ...ids('fake') } : input) as never));
  const fromReal = outcome(await real.engine.dispatch(channel, ids ? { ...(input as object), ...ids('real') } : input));
  const label = `${channel} ${JSON.stringify(input)}`;
  expect(fromFake.ok, `${label}: the fake ${fromFake.ok ? 'accepted' : 'refused'} it, the engine did not`).toBe(fromReal.ok);
  if (!fromFake.ok && !fromReal.ok) expect({ code: fromFake.code, field: fromFake.field }, label).toEqual({ code: fromReal.code, field: fromReal.field });
  if (fromFake.ok && fromReal.ok) expect(shapeDifferences(fromFake.value, fromReal.value), label).toEqual([]);
  return { fake: fromFake, real: fromReal };
}

const idOf = (answer: Outcome): number => (answer.ok ? (answer.value as { id: number }).id : Number.NaN);

beforeAll(async () => {
  real = await startTempEngine();
  fake = createFakeApi();
});
afterAll(async () => real?.stop());

describe('the renderer fake and the real engine, against the one contract', () => {
  it('answer a tenant and deployment session alike: the same refusals, the same shapes', async () => {
    await both('app.info', undefined);
    await both('store.health', undefined);
    await both('tenants.create', { name: '' });
    const tenant = await both('tenants.create', { name: 'acme' });
    await both('tenants.create', { name: 'ACME' });
    const tenantIds = { fake: idOf(tenant.fake), real: idOf(tenant.real) };
    const tenantOf = (side: 'fake' | 'real') => ({ tenantId: tenantIds[side] });
    await both('tenants.list', undefined);
    await both('tenants.get', {}, (side) => ({ id: tenantIds[side] }));
    await both('tenants.get', { id: 999 });

    const deployment = await both(
      'deployments.create',
      { name: 'prod', broker: { url: 'amqp://monitor:secret@127.0.0.1:1/prod', managementUrl: 'http://127.0.0.1:2' }, zookeeper: { hosts: '127.0.0.1:3', jobboards: ['/taskflow/jobs/a'] } },
      tenantOf,
    );
    await both('deployments.create', { name: 'PROD' }, tenantOf);
    const deploymentIds = { fake: idOf(deployment.fake), real: idOf(deployment.real) };
    const id = (side: 'fake' | 'real') => ({ id: deploymentIds[side] });
    const deploymentId = (side: 'fake' | 'real') => ({ deploymentId: deploymentIds[side] });

    await both('deployments.list', {}, tenantOf);
    await both('deployments.get', {}, id);
    await both('deployments.get', { id: 999 });
    await both('deployments.update', { name: 'prod-eu', broker: { url: 'amqp://monitor:****@127.0.0.1:1/prod' } }, id);
    await both('deployments.update', { name: '' }, id);
    await both('deployments.update', { celery: { camera: { frequency: 0.1 } } }, id);

    for (const [channel, input] of [
      ['celery.overview', {}],
      ['celery.workers', {}],
      ['celery.tasks', {}],
      ['celery.task', { uuid: 'nope' }],
      ['celery.rejected', {}],
      ['celery.snapshots', {}],
      ['celery.stats', {}],
      ['broker.health', {}],
      ['alerts.list', {}],
      ['notifications.overview', {}],
      ['notifications.events', {}],
      ['notifications.rejected', {}],
      ['jobboards.overview', {}],
    ] as const) {
      await both(channel, input, deploymentId);
    }
    await both('alerts.open', undefined);
    for (const channel of ['celery.overview', 'notifications.overview', 'jobboards.overview', 'broker.health'] as const) await both(channel, { deploymentId: 999 });

    await both('deployments.remove', {}, id);
    await both('tenants.remove', {}, (side) => ({ id: tenantIds[side] }));
    await both('tenants.list', undefined);
  });

  it('refuse every channel an input its declaration does not allow', async () => {
    const takesInput = REQUEST_CHANNELS.filter((channel) => !CHANNELS[channel].input.safeParse(undefined).success);
    expect(takesInput.length).toBeGreaterThan(30);
    for (const channel of takesInput) {
      const answers = await both(channel, { surely: 'not a field' });
      expect(answers.real.ok, channel).toBe(false);
    }
  });
});
