/**
 * Seals secrets for storage. A sealed value is text tagged with its scheme
 * (`<scheme>:<payload>`), so a store written by one door can say precisely why
 * another door cannot read it instead of returning garbage.
 */
export interface SecretCipher {
  readonly scheme: string;
  seal(plain: string): string;
  open(payload: string): string;
}

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}

export class SecretBox {
  readonly #preferred: SecretCipher;
  readonly #byScheme: Map<string, SecretCipher>;

  /** Seals with `preferred`; opens anything sealed by any of `ciphers` (and `preferred`). */
  constructor(preferred: SecretCipher, others: readonly SecretCipher[] = []) {
    this.#preferred = preferred;
    this.#byScheme = new Map([...others, preferred].map((cipher) => [cipher.scheme, cipher]));
  }

  seal(plain: string): string {
    return `${this.#preferred.scheme}:${this.#preferred.seal(plain)}`;
  }

  open(sealed: string): string {
    const colon = sealed.indexOf(':');
    const scheme = colon < 0 ? '' : sealed.slice(0, colon);
    const cipher = this.#byScheme.get(scheme);
    if (!cipher) {
      throw new SecretUnavailableError(
        scheme === 'safestorage'
          ? 'The stored password was sealed by the desktop app’s system keychain and cannot be read by the headless console; enter it again here.'
          : `The stored password uses an unknown scheme "${scheme}"; enter it again.`,
      );
    }
    try {
      return cipher.open(sealed.slice(colon + 1));
    } catch {
      throw new SecretUnavailableError(
        'The stored password cannot be decrypted with this data directory’s key (was the key file replaced?); enter it again.',
      );
    }
  }
}
