import { safeStorage } from 'electron';
import type { SecretCipher } from '../engine/kernel/secrets/secret-box.ts';

/**
 * Seals with the OS keychain (Keychain, DPAPI, libsecret/kwallet). Only offered when the
 * keychain really protects anything: on Linux without a secret service Electron falls back
 * to "basic_text", a fixed key, and the data dir's own key file is then the better choice.
 */
export function safeStorageCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    scheme: 'safestorage',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (payload) => safeStorage.decryptString(Buffer.from(payload, 'base64')),
  };
}
