import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEY_FILE, KeyFileCipher } from './key-file-cipher.ts';

const KEY = Buffer.alloc(32, 7);

describe('KeyFileCipher', () => {
  it('round-trips ascii, unicode and empty text', () => {
    const cipher = new KeyFileCipher(KEY);
    for (const plain of ['guest', 'pässwörd ✓ 密码 🐇', '', 'a'.repeat(5000)]) {
      expect(cipher.open(cipher.seal(plain))).toBe(plain);
    }
  });

  it('does not contain the plain text and differs on every seal (random IV)', () => {
    const cipher = new KeyFileCipher(KEY);
    const first = cipher.seal('hunter2-secret');
    const second = cipher.seal('hunter2-secret');
    expect(first).not.toBe(second);
    expect(first).not.toContain('hunter2');
    expect(Buffer.from(first).toString('base64')).not.toContain(Buffer.from('hunter2').toString('base64'));
    const ivOf = (sealed: string) => sealed.split('.')[0];
    expect(ivOf(first)).not.toBe(ivOf(second));
  });

  it('refuses a tampered payload, a truncated one and another key', () => {
    const cipher = new KeyFileCipher(KEY);
    const sealed = cipher.seal('secret value');
    const [iv = '', tag = '', body = ''] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 0xff;
    expect(() => cipher.open([iv, tag, flipped.toString('base64')].join('.'))).toThrow();

    const badTag = Buffer.from(tag, 'base64');
    badTag[3] = (badTag[3] ?? 0) ^ 0x01;
    expect(() => cipher.open([iv, badTag.toString('base64'), body].join('.'))).toThrow();

    expect(() => cipher.open(`${iv}.${tag}`)).toThrow(/malformed/);
    expect(() => new KeyFileCipher(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new KeyFileCipher(Buffer.alloc(16))).toThrow(/32 bytes, not 16/);
  });

  it('tags its scheme', () => {
    expect(new KeyFileCipher(KEY).scheme).toBe('aesgcm1');
  });
});

describe('KeyFileCipher.forDataDir', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tach-key-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a 32-byte key readable only by its owner, without warning', () => {
    const warn = vi.fn();
    KeyFileCipher.forDataDir(dir, warn);
    const path = join(dir, KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path)).toHaveLength(32);
    expect(warn).not.toHaveBeenCalled();
  });

  it('reuses the key on the next call: what the first sealed, the second opens', () => {
    const first = KeyFileCipher.forDataDir(dir, () => {});
    const key = readFileSync(join(dir, KEY_FILE));
    const sealed = first.seal('kept across restarts');

    const second = KeyFileCipher.forDataDir(dir, () => {});
    expect(readFileSync(join(dir, KEY_FILE))).toEqual(key);
    expect(second.open(sealed)).toBe('kept across restarts');
  });

  it('different data directories get different keys', () => {
    const other = mkdtempSync(join(tmpdir(), 'tach-key-other-'));
    try {
      const sealed = KeyFileCipher.forDataDir(dir, () => {}).seal('x');
      expect(() => KeyFileCipher.forDataDir(other, () => {}).open(sealed)).toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('tightens a key file readable by others to 0600 and warns once', () => {
    const path = join(dir, KEY_FILE);
    writeFileSync(path, KEY);
    chmodSync(path, 0o644);
    const warn = vi.fn();

    const cipher = KeyFileCipher.forDataDir(dir, warn);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('644');
    expect(warn.mock.calls[0]?.[0]).toContain(path);
    // It used the existing key rather than making a new one.
    expect(cipher.open(new KeyFileCipher(KEY).seal('same key'))).toBe('same key');

    const again = vi.fn();
    KeyFileCipher.forDataDir(dir, again);
    expect(again).not.toHaveBeenCalled();
  });

  it('refuses a key file of the wrong size instead of using it', () => {
    writeFileSync(join(dir, KEY_FILE), Buffer.alloc(10), { mode: 0o600 });
    expect(() => KeyFileCipher.forDataDir(dir, () => {})).toThrow(/32 bytes/);
  });
});
