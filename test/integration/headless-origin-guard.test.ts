import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process.ts';

// DNS rebinding and cross-origin requests against `npm run serve` as an operator runs it: every
// request goes to 127.0.0.1 on the console's port, and only the Host and Origin headers vary,
// as they would for a page whose name was rebound to 127.0.0.1 or a page on another origin.

const TOKEN = 'origin-guard-token';
const dirs: string[] = [];
let open: HeadlessProcess;
let tokened: HeadlessProcess;
let openPort: number;
let tokenPort: number;

beforeAll(async () => {
  const start = (args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'tach-origin-'));
    dirs.push(dir);
    return startHeadlessProcess(['--port', '0', '--data', dir, '--log-level', 'warn', ...args]);
  };
  [open, tokened] = await Promise.all([start([]), start(['--token', TOKEN])]);
  openPort = Number(new URL(open.url).port);
  tokenPort = Number(new URL(tokened.url).port);
});

afterAll(async () => {
  await Promise.all([open?.stop(), tokened?.stop()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Headers = Record<string, string>;
type Kind = 'GET' | 'POST' | 'WS';
let created = 0;

/** One request of `kind` to 127.0.0.1:port with exactly these headers; resolves the status (101 for an opened WebSocket). */
function send(kind: Kind, port: number, headers: Headers): Promise<{ status: number; body: string }> {
  if (kind === 'WS') {
    return new Promise((resolve, reject) => {
      const { origin, ...rest } = headers;
      const socket = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers: rest, ...(origin === undefined ? {} : { origin }) });
      socket.on('open', () => {
        socket.close();
        resolve({ status: 101, body: '' });
      });
      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      socket.on('error', reject);
    });
  }
  return new Promise((resolve, reject) => {
    const payload = kind === 'POST' ? JSON.stringify({ name: `tenant ${++created}` }) : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: kind,
        path: '/api/v1/tenants',
        setHost: false,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}) },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const ALLOWED: Record<Kind, number> = { GET: 200, POST: 201, WS: 101 };
const KINDS: Kind[] = ['GET', 'POST', 'WS'];
const other = (port: number) => (port === 65535 ? port - 1 : port + 1);

async function expectRefused(kind: Kind, port: number, headers: Headers, label: string) {
  const { status, body } = await send(kind, port, headers);
  expect(status, `${kind} ${label}`).toBe(403);
  expect(JSON.parse(body), `${kind} ${label}`).toMatchObject({ error: { code: 'forbidden', message: expect.any(String) } });
}

describe('without a token (loopback console)', () => {
  const refusedHosts = (port: number) => [
    `127.0.0.1.evil.test:${port}`,
    `127.evil.test:${port}`,
    `127.1:${port}`,
    `0x7f.1:${port}`,
    `0177.0.0.1:${port}`,
    `localhost.evil.test:${port}`,
    `localhost:${other(port)}`,
    `127.0.0.1:${other(port)}`,
    '127.0.0.1',
    `[::ffff:127.0.0.1]:${port}`,
    `[::ffff:7f00:1]:${port}`,
    `[0:0:0:0:0:0:0:1]:${port}`,
    `[::1%25lo]:${port}`,
    `evil.test:${port}`,
  ];

  for (const kind of KINDS) {
    it(`${kind}: refuses every Host that is not loopback by construction with this port`, async () => {
      for (const host of refusedHosts(openPort)) await expectRefused(kind, openPort, { host }, `Host ${host}`);
    });

    it(`${kind}: accepts 127.0.0.1, localhost and [::1] with this port`, async () => {
      for (const host of [`127.0.0.1:${openPort}`, `localhost:${openPort}`, `[::1]:${openPort}`]) {
        expect((await send(kind, openPort, { host })).status, `${kind} Host ${host}`).toBe(ALLOWED[kind]);
      }
    });

    it(`${kind}: refuses Origin null and other origins, accepts its own and none`, async () => {
      const host = `127.0.0.1:${openPort}`;
      for (const origin of ['null', `http://localhost:${other(openPort)}`, `http://127.0.0.1:${other(openPort)}`, `http://localhost:${openPort}`, 'http://127.0.0.1.evil.test']) {
        await expectRefused(kind, openPort, { host, origin }, `Origin ${origin}`);
      }
      // A rebound page sends its own name as both Host and Origin: the Host refuses it.
      await expectRefused(kind, openPort, { host: `127.0.0.1.evil.test:${openPort}`, origin: `http://127.0.0.1.evil.test:${openPort}` }, 'rebound page');
      expect((await send(kind, openPort, { host, origin: `http://${host}` })).status, `${kind} own origin`).toBe(ALLOWED[kind]);
      expect((await send(kind, openPort, { host })).status, `${kind} no origin`).toBe(ALLOWED[kind]);
    });
  }
});

describe('with a token', () => {
  const cookie = `tach_token=${TOKEN}`;

  for (const kind of KINDS) {
    it(`${kind}: the token cookie from a page of another origin, or Origin null, is refused`, async () => {
      const host = `127.0.0.1:${tokenPort}`;
      for (const origin of ['null', `http://localhost:${other(tokenPort)}`, `http://127.0.0.1:${other(tokenPort)}`, 'http://evil.test']) {
        await expectRefused(kind, tokenPort, { host, cookie, origin }, `cookie + Origin ${origin}`);
      }
    });

    it(`${kind}: its own origin, whatever name it is addressed by, and no origin are accepted with the token`, async () => {
      for (const host of [`127.0.0.1:${tokenPort}`, `tach.lan.test:${tokenPort}`, `[::1]:${tokenPort}`]) {
        expect((await send(kind, tokenPort, { host, cookie, origin: `http://${host}` })).status, `${kind} ${host} own origin`).toBe(ALLOWED[kind]);
      }
      expect((await send(kind, tokenPort, { host: `127.0.0.1:${tokenPort}`, cookie })).status, `${kind} no origin`).toBe(ALLOWED[kind]);
      // Holding the token is the proof: the Host may be any name (a LAN address, a proxy's name).
      expect((await send(kind, tokenPort, { host: `127.0.0.1.evil.test:${tokenPort}`, authorization: `Bearer ${TOKEN}` })).status).toBe(ALLOWED[kind]);
    });

    it(`${kind}: an Origin that is not the Host it addressed is refused, even with the token`, async () => {
      await expectRefused(kind, tokenPort, { host: `tach.lan.test:${tokenPort}`, cookie, origin: `http://127.0.0.1:${tokenPort}` }, 'origin of another name');
    });
  }

  it('without the token, a clean origin still gets 401', async () => {
    expect((await send('GET', tokenPort, { host: `127.0.0.1:${tokenPort}`, origin: `http://127.0.0.1:${tokenPort}` })).status).toBe(401);
    expect((await send('WS', tokenPort, { host: `127.0.0.1:${tokenPort}` })).status).toBe(401);
  });
});
