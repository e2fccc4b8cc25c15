import type { ErrorCode } from '../../../shared/contract/result.ts';

/** An expected failure with a message fit for the person who caused it. Crosses doors as data. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}

export const notFound = (what: string, id: number) => new DomainError('not_found', `${what} ${id} does not exist.`);
