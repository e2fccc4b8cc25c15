import type { Result } from '../../../shared/contract/result.ts';
import { DomainError } from './domain-error.ts';

/** Runs `produce` for a door that cannot go through dispatch (a stream): a DomainError becomes a failed Result, anything else throws. */
export function resultOf<T>(produce: () => T): Result<T> {
  try {
    return { ok: true, value: produce() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}
