import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../engine/kernel/data-dir.ts';
import { DEFAULT_LOG_OPTIONS } from '../engine/kernel/logging/logger.ts';
import { USAGE, UsageError, parseHeadlessOptions } from './options.ts';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseHeadlessOptions(argv, env);

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): UsageError {
  try {
    parse(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
}

describe('parseHeadlessOptions', () => {
  it('defaults to loopback, port 7420, the desktop data dir and no token', () => {
    expect(parse([], { XDG_CONFIG_HOME: '/tmp/xdg', APPDATA: '/tmp/appdata' })).toEqual({
      host: '127.0.0.1',
      port: 7420,
      dataDir: resolve(defaultDataDir({ XDG_CONFIG_HOME: '/tmp/xdg', APPDATA: '/tmp/appdata' })),
      token: undefined,
      log: { ...DEFAULT_LOG_OPTIONS, stderr: true },
    });
  });

  it('reads every option', () => {
    expect(
      parse([
        '--host', '0.0.0.0',
        '--port', '0',
        '--data', 'some/dir',
        '--token', 's3cret',
        '--log-level', 'debug',
        '--log-max-size', '512K',
        '--log-files', '3',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: resolve('some/dir'),
      token: 's3cret',
      log: { level: 'debug', maxSize: '512K', maxFiles: 3, stderr: true },
    });
  });

  it('refuses a non-loopback host without a token, pointing at --token', () => {
    for (const host of ['0.0.0.0', '192.168.1.5', '::', 'example.com']) {
      const error = usageError(['--host', host]);
      expect(error.message).toContain('--token');
      expect(error.message).toContain(host);
    }
  });

  it('allows loopback hosts without a token', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(parse(['--host', host])).toMatchObject({ host, token: undefined });
    }
  });

  it('takes the token from TACH_TOKEN, and --token over it', () => {
    expect(parse(['--host', '0.0.0.0'], { TACH_TOKEN: 'from-env' })).toMatchObject({ token: 'from-env' });
    expect(parse(['--token', 'flag'], { TACH_TOKEN: 'from-env' })).toMatchObject({ token: 'flag' });
    // An empty variable is no token.
    expect(usageError(['--host', '0.0.0.0'], { TACH_TOKEN: '' }).message).toContain('--token');
  });

  it('refuses a bad port', () => {
    for (const port of ['70000', '-1', 'abc', '80.5']) {
      expect(usageError([`--port=${port}`]).message).toContain('--port must be 0-65535');
    }
  });

  it('refuses a bad log size, level or file count', () => {
    for (const size of ['10', '10MB', 'M', '1.5M', 'ten']) {
      expect(usageError(['--log-max-size', size]).message).toContain('--log-max-size');
    }
    expect(usageError(['--log-level', 'loud']).message).toContain('--log-level');
    expect(usageError(['--log-files', '0']).message).toContain('--log-files');
    expect(usageError(['--log-files', 'x']).message).toContain('--log-files');
  });

  it('turns an unknown option or a missing value into a UsageError', () => {
    expect(usageError(['--frobnicate'])).toBeInstanceOf(UsageError);
    expect(usageError(['--port'])).toBeInstanceOf(UsageError);
    expect(usageError(['stray'])).toBeInstanceOf(UsageError);
  });

  it('answers help for --help, whatever else is given', () => {
    expect(parse(['--help'])).toBe('help');
    expect(parse(['--host', '0.0.0.0', '--help'])).toBe('help');
    expect(USAGE).toContain('--token');
  });
});
