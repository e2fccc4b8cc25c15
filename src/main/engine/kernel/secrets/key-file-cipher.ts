import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretCipher } from './secret-box.ts';

export const KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * AES-256-GCM with a random key kept in `<dataDir>/secret.key`, mode 0600. Used where no
 * system keychain is at hand (the headless door). Whoever can read the key file can read the
 * secrets: the point is that a copied database or a backup of it alone reveals nothing.
 */
export class KeyFileCipher implements SecretCipher {
  readonly scheme = 'aesgcm1';
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`The secret key must be ${KEY_BYTES} bytes, not ${key.length}.`);
    this.#key = key;
  }

  /** Loads the data dir's key, creating it on first use; tightens loose permissions. */
  static forDataDir(dataDir: string, warn: (message: string) => void): KeyFileCipher {
    const path = join(dataDir, KEY_FILE);
    try {
      // 'wx' fails if the file exists, so two processes never write different keys.
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      warn(`${path} was readable by others (mode ${mode.toString(8)}); it is now 600.`);
    }
    return new KeyFileCipher(readFileSync(path));
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
  }

  open(payload: string): string {
    const [iv, tag, body] = payload.split('.').map((part) => Buffer.from(part, 'base64'));
    if (!iv || !tag || !body) throw new Error('malformed sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
