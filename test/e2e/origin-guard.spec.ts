import type { Page } from '@playwright/test';
import { expect, openConsole, test } from './fixtures.ts';

// A real browser against the real console. Chromium resolves 127.0.0.1.evil.test to 127.0.0.1,
// as a rebinding DNS server would once the attacker's page is loaded: the page's same-origin
// fetches and its WebSocket then reach the console, naming their own Host and Origin.
// Chromium's Local Network Access checks would also stop a public page reaching loopback; they
// are switched off so that what is tested is the console's own guard, which is all that stands
// in the way for browsers without those checks, or with them granted.
const REBOUND = '127.0.0.1.evil.test';

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', `--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`,
      '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights',
    ],
  },
});

/** What a hostile page tries: read and write the REST API, then listen to the event stream. */
async function attack(page: Page, base: string): Promise<{ read: string; write: string; socket: string }> {
  return page.evaluate(async (target) => {
    const outcome = (promise: Promise<Response>) => promise.then((r) => `HTTP ${r.status}`, (error: Error) => `failed: ${error.name}`);
    const read = await outcome(fetch(`${target}/api/v1/tenants`));
    const write = await outcome(fetch(`${target}/api/v1/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"from-page"}' }));
    const socket = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${target.replace(/^http/, 'ws')}/events`);
      ws.onopen = () => {
        ws.close();
        resolve('open');
      };
      ws.onclose = () => resolve('refused');
    });
    return { read, write, socket };
  }, base);
}

async function tenantNames(url: string): Promise<string[]> {
  const response = await fetch(new URL('api/v1/tenants', url));
  return ((await response.json()) as { name: string }[]).map((tenant) => tenant.name);
}

test('a page on a name rebound to 127.0.0.1 can neither read, write nor listen', async ({ page, tach }) => {
  const port = new URL(tach.url).port;
  const origin = `http://${REBOUND}:${port}`;
  // The attacker's page, as first served by the attacker before the name was rebound.
  await page.route(`${origin}/attack.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>attack</title>' }));
  await page.goto(`${origin}/attack.html`);
  expect(await attack(page, origin)).toEqual({ read: 'HTTP 403', write: 'HTTP 403', socket: 'refused' });
  expect(await tenantNames(tach.url)).toEqual([]);
});

test('a page with an opaque origin (data: URL, Origin null) can neither read, write nor listen', async ({ page, tach }) => {
  await page.goto('data:text/html,<!doctype html><title>opaque</title>');
  const base = tach.url.replace(/\/$/, '');
  // Cross-origin: reading fails on CORS, the JSON write on its refused preflight.
  expect(await attack(page, base)).toEqual({ read: 'failed: TypeError', write: 'failed: TypeError', socket: 'refused' });
  expect(await tenantNames(tach.url)).toEqual([]);
});

test('a sandboxed frame (Origin null) cannot open the event stream', async ({ page, tach }) => {
  await page.goto('about:blank');
  const ws = tach.url.replace(/^http/, 'ws').replace(/\/$/, '');
  // The listener is set up before the frame exists, so its one message cannot be missed.
  await page.setContent(
    `<script>window.answer = new Promise((resolve) => addEventListener('message', (event) => resolve(String(event.data)), { once: true }));</script>` +
      `<iframe sandbox="allow-scripts" srcdoc="<script>const s = new WebSocket('${ws}/events'); s.onopen = () => parent.postMessage('open', '*'); s.onclose = () => parent.postMessage('refused', '*');</script>"></iframe>`,
  );
  const result = await page.evaluate(() => (globalThis as unknown as { answer: Promise<string> }).answer);
  expect(result).toBe('refused');
});

test("the console's own page still reads, writes and listens", async ({ page, tach }) => {
  await openConsole(page, tach.url);
  const base = tach.url.replace(/\/$/, '');
  expect(await attack(page, base)).toEqual({ read: 'HTTP 200', write: 'HTTP 201', socket: 'open' });
  expect(await tenantNames(tach.url)).toEqual(['from-page']);
});
