import { describe, expect, it } from 'vitest';
import { KeyFileCipher } from './key-file-cipher.ts';
import { SecretBox, SecretUnavailableError, type SecretCipher } from './secret-box.ts';

/** A stand-in for the desktop's keychain cipher: reversible, and plainly not the key file's. */
const reversing = (scheme: string): SecretCipher => ({
  scheme,
  seal: (plain) => [...plain].reverse().join(''),
  open: (payload) => [...payload].reverse().join(''),
});

const keyFile = () => new KeyFileCipher(Buffer.alloc(32, 7));

describe('SecretBox', () => {
  it('tags what it seals with the preferred scheme and opens it again', () => {
    const box = new SecretBox(keyFile());
    const sealed = box.seal('pässword');
    expect(sealed.startsWith('aesgcm1:')).toBe(true);
    expect(sealed).not.toContain('pässword');
    expect(box.open(sealed)).toBe('pässword');
  });

  it('says the desktop keychain sealed a value it cannot open', () => {
    const desktop = new SecretBox(reversing('safestorage'));
    const sealed = desktop.seal('from the desktop');
    expect(sealed.startsWith('safestorage:')).toBe(true);

    const headless = new SecretBox(keyFile());
    expect(() => headless.open(sealed)).toThrow(SecretUnavailableError);
    expect(() => headless.open(sealed)).toThrow(/desktop app’s system keychain/);
  });

  it('names an unknown scheme, and a value without any scheme', () => {
    const box = new SecretBox(keyFile());
    expect(() => box.open('rot13:abc')).toThrow(/unknown scheme "rot13"/);
    expect(() => box.open('no-scheme-here')).toThrow(SecretUnavailableError);
  });

  it('opens values sealed by the other ciphers it was given, and seals with the preferred one', () => {
    const desktop = new SecretBox(reversing('safestorage'));
    const sealedOnDesktop = desktop.seal('shared secret');

    const box = new SecretBox(keyFile(), [reversing('safestorage')]);
    expect(box.open(sealedOnDesktop)).toBe('shared secret');
    expect(box.seal('new').startsWith('aesgcm1:')).toBe(true);
  });

  it('prefers the preferred cipher when another one claims the same scheme', () => {
    const impostor: SecretCipher = { scheme: 'aesgcm1', seal: () => 'x', open: () => 'impostor' };
    const box = new SecretBox(keyFile(), [impostor]);
    expect(box.open(box.seal('real'))).toBe('real');
  });

  it('reports a value that does not decrypt (replaced key) as unavailable, not as a crypto error', () => {
    const sealed = new SecretBox(keyFile()).seal('old key');
    const box = new SecretBox(new KeyFileCipher(Buffer.alloc(32, 9)));
    expect(() => box.open(sealed)).toThrow(SecretUnavailableError);
    expect(() => box.open(sealed)).toThrow(/cannot be decrypted/);
  });
});
