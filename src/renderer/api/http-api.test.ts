import { describe, expect, it, vi } from 'vitest';
import { createHttpApi, eventsUrl } from './http-api.ts';

const BASE = 'http://127.0.0.1:7420';

const answer = (status: number, body: string) => vi.fn<typeof fetch>(async () => new Response(body, { status }));

describe('createHttpApi', () => {
  it('posts the input as JSON to /rpc/<channel> and returns the envelope', async () => {
    const fetch = answer(200, JSON.stringify({ ok: true, value: [{ id: 1, name: 'acme' }] }));
    const api = createHttpApi(BASE, { fetch });

    expect(await api.invoke('deployments.list', { tenantId: 1 })).toEqual({ ok: true, value: [{ id: 1, name: 'acme' }] });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${BASE}/rpc/deployments.list`);
    expect(init).toMatchObject({ method: 'POST', body: '{"tenantId":1}', credentials: 'same-origin' });
  });

  it('sends null for a channel without input', async () => {
    const fetch = answer(200, JSON.stringify({ ok: true, value: [] }));
    await createHttpApi(BASE, { fetch }).invoke('tenants.list', undefined);
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('null');
  });

  it('parses an error envelope despite the 4xx status', async () => {
    const envelope = { ok: false, error: { code: 'conflict', message: 'A tenant named "acme" already exists.', field: 'name' } };
    const api = createHttpApi(BASE, { fetch: answer(409, JSON.stringify(envelope)) });

    expect(await api.invoke('tenants.create', { name: 'acme' })).toEqual(envelope);
  });

  it('reads a bare {error} answer, as the token check sends, as a failed Result', async () => {
    const body = { error: { code: 'unauthorized', message: 'This Tach needs its access token.' } };
    const api = createHttpApi(BASE, { fetch: answer(401, JSON.stringify(body)) });

    expect(await api.invoke('app.info', undefined)).toEqual({ ok: false, error: body.error });
  });

  it('maps a network failure to unavailable', async () => {
    const failing = vi.fn<typeof fetch>(async () => {
      throw new TypeError('fetch failed');
    });
    const result = await createHttpApi(BASE, { fetch: failing }).invoke('app.info', undefined);

    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', message: `The Tach server at ${BASE} did not answer (fetch failed).` },
    });
  });

  it('maps a body that is not JSON (a proxy error page) to unavailable', async () => {
    const result = await createHttpApi(BASE, { fetch: answer(502, '<html>Bad Gateway</html>') }).invoke('app.info', undefined);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toContain('HTTP 502');
    }
  });
});

describe('eventsUrl', () => {
  it('follows the page: ws for http, wss for https', () => {
    expect(eventsUrl('http://127.0.0.1:7420')).toBe('ws://127.0.0.1:7420/events');
    expect(eventsUrl('https://tach.example.org')).toBe('wss://tach.example.org/events');
  });
});
