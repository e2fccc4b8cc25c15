import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, DEFAULT_LOG_OPTIONS, logOptionsFromEnv, silentLogger } from './logger.ts';

const SECRET = 'Qx7secretZ';
const OPTIONS = { level: 'debug', maxSize: '10M', maxFiles: 2, stderr: false };

describe('createLogger', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-log-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = (): Record<string, unknown>[] =>
    readFileSync(join(dir, 'logs', 'tach.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes JSON lines to logs/tach.log with no secret in URLs, secret fields or errors', async () => {
    const log = createLogger(dir, OPTIONS);
    log.info(`connecting to amqp://u:${SECRET}@h/`, { password: SECRET });
    log.warn('management', { url: `http://a:${SECRET}@h`, managementPassword: SECRET, token: SECRET });
    log.error('failed', { err: new Error(`could not reach amqp://celery:${SECRET}@rabbit:5672/`) });
    log.child({ target: `amqp://c:${SECRET}@h/` }).info('child', { nested: { password: SECRET } });
    await log.close();

    const path = join(dir, 'logs', 'tach.log');
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(SECRET);

    const records = lines();
    expect(records.map((record) => record.msg)).toEqual(['connecting to amqp://u:****@h/', 'management', 'failed', 'child']);
    expect(records[0]).toMatchObject({ level: 30, password: '****' });
    expect(records[1]).toMatchObject({ url: 'http://a:****@h', managementPassword: '****', token: '****' });
    expect(records[2]).toMatchObject({ err: { type: 'Error', message: 'could not reach amqp://celery:****@rabbit:5672/' } });
    expect(records[3]).toMatchObject({ target: 'amqp://c:****@h/', nested: { password: '****' } });
    expect(typeof records[0]?.time).toBe('string');
  });

  it('hides a password in a URL nested inside a field object', async () => {
    const log = createLogger(dir, OPTIONS);
    log.info('connection target', { target: { url: `amqp://celery:${SECRET}@rabbit/` } });
    await log.close();
    expect(readFileSync(join(dir, 'logs', 'tach.log'), 'utf8')).not.toContain(SECRET);
  });

  it('drops records below its level', async () => {
    const log = createLogger(dir, { ...OPTIONS, level: 'warn' });
    log.debug('hidden debug');
    log.info('hidden info');
    log.warn('shown');
    await log.close();
    expect(lines().map((record) => record.msg)).toEqual(['shown']);
  });
});

describe('silentLogger', () => {
  it('accepts everything and closes', async () => {
    const log = silentLogger();
    log.error('nothing', { password: 'x' });
    log.child({ a: 1 }).info('nothing');
    await expect(log.close()).resolves.toBeUndefined();
  });
});

describe('logOptionsFromEnv', () => {
  it('takes level, size and file count from the environment, ignoring nonsense counts', () => {
    expect(logOptionsFromEnv({ TACH_LOG_LEVEL: 'debug', TACH_LOG_MAX_SIZE: '1M', TACH_LOG_FILES: '3' })).toEqual({
      ...DEFAULT_LOG_OPTIONS,
      level: 'debug',
      maxSize: '1M',
      maxFiles: 3,
    });
    expect(logOptionsFromEnv({ TACH_LOG_FILES: 'many' }).maxFiles).toBe(DEFAULT_LOG_OPTIONS.maxFiles);
  });
});

describe('a log file that cannot be written', () => {
  /** A file stream failing as the rotating stream does on a full disk: 'error' on write. */
  const fullDisk = () =>
    new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });

  it('does not end the process: lines go on to stderr, are counted as dropped, and the file is retried', async () => {
    const errors: unknown[] = [];
    const onUncaught = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onUncaught);
    const stderrLines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderrLines.push(String(chunk));
      return true;
    });
    const good: string[] = [];
    let opens = 0;
    let spaceFreed = false;
    const log = createLogger(
      dir(),
      { ...OPTIONS, stderr: false },
      {
        // The first file fails on write, retries fail to open until space is freed.
        open: () => {
          opens += 1;
          if (opens === 1) return fullDisk();
          if (!spaceFreed) throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
          return new Writable({
                write(chunk: Buffer, _encoding, callback) {
                  good.push(chunk.toString());
              callback();
            },
          });
        },
        retryMs: 20,
      },
    );
    try {
      log.info('first, lost with the failing file');
      await vi.waitFor(() => expect(log.file.writable()).toBe(false));
      log.info('while the file is down');
      log.info('still down');
      expect(log.file.droppedLines()).toBeGreaterThanOrEqual(2);
      expect(stderrLines.join('')).toContain('while the file is down');
      await vi.waitFor(() => expect(stderrLines.join('')).toContain('Tach cannot write its log file (ENOSPC'));
      await vi.waitFor(() => expect(opens).toBeGreaterThan(2));
      expect(log.file.writable()).toBe(false);
      spaceFreed = true;
      await vi.waitFor(() => expect(log.file.writable()).toBe(true));
      log.info('after the retry');
      await vi.waitFor(() => expect(good.join('')).toContain('Tach writes its log file again'));
      expect(good.join('')).toContain('after the retry');
      expect(errors).toEqual([]);
    } finally {
      await log.close();
      write.mockRestore();
      process.off('uncaughtException', onUncaught);
    }
  });

  it('survives a file that cannot even be opened', async () => {
    const stderrLines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderrLines.push(String(chunk));
      return true;
    });
    const log = createLogger(dir(), { ...OPTIONS, stderr: true }, {
      open: () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, mkdir'), { code: 'ENOSPC' });
      },
    });
    try {
      log.warn('no file at all');
      expect(log.file.writable()).toBe(false);
      expect(log.file.droppedLines()).toBe(1);
      // stderr is a sink of its own here: the line reaches it once.
      expect(stderrLines.filter((line) => line.includes('no file at all'))).toHaveLength(1);
    } finally {
      await log.close();
      write.mockRestore();
    }
  });
});

const dir = () => mkdtempSync(join(tmpdir(), 'tach-log-'));

describe('the real rotating file stream failing', () => {
  // rotating-file-stream refuses a path that is not a regular file with an 'error' event, the same
  // unhandled event its ENOSPC was: an easy way to make the real stream fail without a full disk.
  it.skipIf(!existsSync('/dev/full'))('keeps the process alive and logging to stderr (logs/tach.log links to /dev/full)', async () => {
    const data = dir();
    mkdirSync(join(data, 'logs'));
    symlinkSync('/dev/full', join(data, 'logs', 'tach.log'));
    const stderrLines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderrLines.push(String(chunk));
      return true;
    });
    const log = createLogger(data, { ...OPTIONS, stderr: false }, { retryMs: 60_000 });
    try {
      log.info('into a file that is not one');
      await vi.waitFor(() => expect(log.file.writable()).toBe(false));
      log.info('after the failure');
      expect(stderrLines.join('')).toContain('after the failure');
      expect(log.file.droppedLines()).toBeGreaterThanOrEqual(1);
    } finally {
      await log.close();
      write.mockRestore();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
