import { describe, expect, it } from 'vitest';
import { CANARY_ROUTES, CHANNELS, EVENTS, REST_ROUTES, isRequestChannel } from './channels.ts';
import { alertChannels } from './channels/alerts.ts';
import { appChannels } from './channels/app.ts';
import { brokerHealthChannels } from './channels/broker-health.ts';
import { celeryChannels } from './channels/celery.ts';
import { deploymentChannels } from './channels/deployments.ts';
import { jobboardChannels } from './channels/jobboards.ts';
import { notificationChannels } from './channels/notifications.ts';
import { storeChannels } from './channels/store.ts';
import { tenantChannels } from './channels/tenants.ts';
import { restInput } from './rest-input.ts';
import type { RestRoute } from './rest.ts';

const ROUTES: readonly RestRoute[] = [...REST_ROUTES, ...CANARY_ROUTES];
const label = (route: RestRoute) => `${route.method} ${route.path}`;

/** A valid URL text per input field (`channel:field` where channels differ), so a whole sample parses. */
const SAMPLE: Record<string, string> = {
  id: '1',
  deploymentId: '1',
  tenantId: '1',
  snapshotId: '1',
  uuid: 'abc',
  method: 'ping',
  vhost: '/',
  name: 'x',
  node: 'job0000000001',
  path: '/taskflow/jobs/a',
  'celery.tasks:state': 'SUCCESS',
  'jobboards.jobs:state': 'CLAIMED',
  since: '2026-01-01T00:00:00Z',
  until: '2026-01-02T00:00:00Z',
  at: '2026-01-01T00:00:00Z',
  before: '1:2',
  limit: '5',
  buckets: '5',
  errorsOnly: 'true',
};
/** The body a route's sample sends (routes that read one). */
const BODY: Partial<Record<string, object>> = {
  'tenants.create': { name: 't' },
  'tenants.update': { name: 't' },
  'deployments.create': { name: 'd' },
  'deployments.update': { name: 'd' },
  'celery.inspect': { timeout: 1 },
  'celery.control': { timeout: 1 },
};

function sampleOf(route: RestRoute, values: Readonly<Record<string, { field?: string }>> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([name, param]) => {
      const field = param.field ?? name;
      return [name, SAMPLE[`${route.channel}:${field}`] ?? SAMPLE[field] ?? 'sample'];
    }),
  );
}

describe('the declared contract', () => {
  it('declares each channel in exactly one area', () => {
    const areas = [appChannels, storeChannels, tenantChannels, deploymentChannels, alertChannels, celeryChannels, brokerHealthChannels, notificationChannels, jobboardChannels];
    expect(areas.reduce((sum, area) => sum + Object.keys(area).length, 0)).toBe(Object.keys(CHANNELS).length);
    expect(Object.keys(EVENTS).length).toBeGreaterThan(0);
  });

  it('maps every REST route to a declared channel', () => {
    for (const route of ROUTES) expect(isRequestChannel(route.channel), label(route)).toBe(true);
  });

  it('has no two routes on the same method and path', () => {
    const seen = ROUTES.map(label);
    expect(seen.filter((name, index) => seen.indexOf(name) !== index)).toEqual([]);
  });

  it('declares every :param of a path, and no other', () => {
    for (const route of ROUTES) {
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
      expect(Object.keys(route.params ?? {}).sort(), label(route)).toEqual(inPath.sort());
    }
  });

  it('lands every path and query parameter in a field the channel takes, of the type it takes', () => {
    for (const route of ROUTES) {
      const built = restInput(route, { params: sampleOf(route, route.params), query: sampleOf(route, route.query), body: BODY[route.channel] });
      expect(built.ok, label(route)).toBe(true);
      if (!built.ok) continue;
      const parsed = CHANNELS[route.channel as keyof typeof CHANNELS].input.safeParse(built.input);
      expect(parsed.error?.issues ?? [], label(route)).toEqual([]);
      // And each declared parameter did reach the input (none silently dropped).
      for (const [name, param] of Object.entries(route.query ?? {})) {
        const field = param.field ?? name;
        expect(built.input, `${label(route)} ?${name}`).toHaveProperty([field]);
      }
    }
  });
});

describe('a REST request as a channel input', () => {
  const route: RestRoute = {
    method: 'POST',
    path: '/x/:id',
    channel: 'c',
    params: { id: { kind: 'number', field: 'deploymentId' } },
    query: { path: { kind: 'text', required: true }, limit: { kind: 'number' }, errors: { kind: 'boolean', field: 'errorsOnly' }, event_type: { kind: 'text', field: 'eventType' } },
    body: 'merge',
    fixed: { action: 'trash' },
  };
  const input = (query: Record<string, unknown>, body?: unknown, id = '7') => restInput(route, { params: { id }, query, body });

  it('reads numbers and booleans, renames fields, and lets the fixed fields win over the body', () => {
    expect(input({ path: '/a', limit: '5', errors: '1', event_type: 'x' }, { deploymentId: 7, action: 'no', other: 1 })).toEqual({
      ok: true,
      input: { deploymentId: 7, path: '/a', limit: 5, errorsOnly: true, eventType: 'x', action: 'trash', other: 1 },
    });
  });

  it('refuses a body that names another object than the path', () => {
    expect(input({ path: '/a' }, { deploymentId: 9 })).toEqual({ ok: false, message: 'The body\'s "deploymentId" (9) is not the one in the path (7): leave it out.' });
  });

  it('leaves text that is no number or boolean as text, for the schema to refuse by name', () => {
    expect(input({ path: '/a', limit: 'abc', errors: 'no' }, undefined, 'x')).toEqual({ ok: true, input: { deploymentId: 'x', path: '/a', limit: 'abc', errorsOnly: 'no', action: 'trash' } });
    expect(input({ path: '/a', limit: '1.5' })).toMatchObject({ input: { limit: 1.5 } });
    expect(input({ path: '/a', limit: '-1' })).toMatchObject({ input: { limit: '-1' } });
  });

  it('drops an empty optional parameter, passes a required one as given', () => {
    expect(input({ path: '', limit: '' })).toEqual({ ok: true, input: { deploymentId: 7, path: '', action: 'trash' } });
    expect(input({})).toEqual({ ok: true, input: { deploymentId: 7, path: undefined, action: 'trash' } });
  });

  it('refuses a body that is not a JSON object', () => {
    for (const body of [5, 'x', [1], true]) expect(input({ path: '/a' }, body)).toEqual({ ok: false, message: 'The request body must be a JSON object.' });
    expect(input({ path: '/a' }, null)).toMatchObject({ ok: true });
  });

  it('gives no input at all to a route that takes none', () => {
    expect(restInput({ method: 'GET', path: '/y', channel: 'c' }, { params: {}, query: {}, body: undefined })).toEqual({ ok: true, input: undefined });
  });
});
