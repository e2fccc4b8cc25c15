import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildIfNeeded } from '../../scripts/build-if-needed.ts';
import { LOCK_FILE, lockDataDir } from '../../src/main/engine/kernel/data-dir-lock.ts';
import { SAME_REQUEST_MS } from '../../src/main/headless/stop-signals.ts';
import { ROOT, isRunning, startConsole, until, type ConsoleProcess } from '../support/console-process.ts';

// The console as operators and service managers stop it, and as a crash leaves it: the launcher
// and npm in a process group of their own, signalled as a terminal, systemd or `kill` would.
const dirs: string[] = [];
const consoles: ConsoleProcess[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tach-stop-'));
  dirs.push(dir);
  return dir;
};
const start = (how: 'launcher' | 'npm', data: string) => {
  const tach = startConsole(how, ['--port', '0', '--data', data]);
  consoles.push(tach);
  return tach;
};
async function ready(tach: ConsoleProcess): Promise<string> {
  const outcome = await tach.outcome;
  if (outcome.kind !== 'ready') throw new Error(`the console did not start (${JSON.stringify(outcome)}):\n${tach.output()}`);
  return outcome.url;
}
const log = (data: string) => readFileSync(join(data, 'logs', 'tach.log'), 'utf8');
const count = (text: string, needle: string) => text.split(needle).length - 1;

beforeAll(() => buildIfNeeded(ROOT)); // once, rather than by the first console a test starts

afterEach(async () => {
  for (const tach of consoles.splice(0)) await tach.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the data directory lock', () => {
  it('lets a console start at once after its predecessor was killed, every time', async () => {
    const data = tempDir();
    let tach = start('launcher', data);
    await ready(tach);
    for (let round = 1; round <= 10; round++) {
      // No wait: the killed engine lingers as a zombie until pid 1 reaps it, and that must not matter.
      process.kill(-tach.pid, 'SIGKILL');
      tach = start('launcher', data);
      await ready(tach);
    }
  });

  it('starts over a lock file from an older build that names a live process', async () => {
    const data = tempDir();
    for (const pid of [process.pid, 1]) {
      writeFileSync(join(data, LOCK_FILE), String(pid));
      const tach = start('launcher', data);
      await ready(tach);
      await tach.kill();
    }
  });

  it('refuses a second console on a data directory in use, naming the first one', async () => {
    const data = tempDir();
    const first = start('launcher', data);
    await ready(first);
    const second = start('launcher', data);
    expect(await second.outcome).toEqual({ kind: 'exited', code: 1, signal: null });
    expect(second.output()).toMatch(new RegExp(`Another Tach \\(pid ${first.enginePid()}, started at [^)]+\\) is using `));
    expect(second.output()).toContain(`is using ${data}. Stop it`);
  });
});

describe('stopping the console', () => {
  // Whichever process of the console gets the signal: what Ctrl-C and systemd's default KillMode
  // do (the whole group), what `kill PID` does to the launcher, and what a service manager sends
  // to its main pid, `npm run serve`'s.
  const cases = [
    { how: 'launcher', to: 'group', signal: 'SIGINT', rounds: 3 },
    { how: 'launcher', to: 'group', signal: 'SIGTERM', rounds: 3 },
    { how: 'launcher', to: 'launcher', signal: 'SIGTERM', rounds: 2 },
    { how: 'npm', to: 'group', signal: 'SIGINT', rounds: 2 },
    { how: 'npm', to: 'group', signal: 'SIGTERM', rounds: 1 },
    { how: 'npm', to: 'npm', signal: 'SIGTERM', rounds: 2 },
  ] as const;

  it.each(cases)('stops gracefully on $signal to the $to of `$how`, every time', async ({ how, to, signal, rounds }) => {
    const data = tempDir();
    for (let round = 1; round <= rounds; round++) {
      // The same data directory each round: a round starts only if the last one let go of it.
      const tach = start(how, data);
      await ready(tach);
      const engine = tach.enginePid();
      const launcher = tach.launcherPid();
      process.kill(to === 'group' ? -tach.pid : to === 'launcher' ? launcher : tach.pid, signal);
      if (how === 'launcher') expect(await tach.exited).toEqual({ code: 0, signal: null });
      // npm may end before the console has stopped (its shell dies of the signal): watch the console itself.
      await until(() => !isRunning(engine) && !isRunning(launcher), 'the console to stop');
      const text = log(data);
      expect(count(text, `"signal":"${signal}","msg":"shutting down"`)).toBe(round);
      expect(count(text, '"msg":"engine stopped"')).toBe(round);
      expect(existsSync(join(data, LOCK_FILE))).toBe(false);
      // The store was closed: its last connection checkpointed the WAL into the database.
      const wal = join(data, 'tach.db-wal');
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    }
    lockDataDir(data)();
  });

  it('stops at once when asked again while a graceful stop hangs, and frees the data directory', async () => {
    const data = tempDir();
    const tach = start('launcher', data);
    const url = new URL(await ready(tach));
    // A request whose body never comes: the http server's close waits for it, so the stop hangs.
    const socket = connect(Number(url.port), url.hostname);
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(`POST /api/v1/tenants HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n`);
    await until(() => answer.includes('100 Continue'), 'the server to read the request head');
    const engine = tach.enginePid();

    process.kill(-tach.pid, 'SIGINT');
    await tach.waitFor(/"msg":"shutting down"/);
    // The operator's second Ctrl-C comes after the copies of the first have all arrived.
    await new Promise((resolve) => setTimeout(resolve, SAME_REQUEST_MS + 200));
    expect(isRunning(engine)).toBe(true);
    process.kill(-tach.pid, 'SIGINT');
    expect(await tach.exited).toEqual({ code: 130, signal: null });
    expect(tach.output()).not.toContain('engine stopped');
    socket.destroy();

    await ready(start('launcher', data));
  });
});
