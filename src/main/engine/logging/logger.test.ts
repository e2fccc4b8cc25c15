import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
