import type { ApiError, ErrorCode, Result } from '../../shared/contract/result.ts';

/** The Result envelope's error, thrown so react-query can hold it as a query or mutation error. */
export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'RequestError';
    this.code = error.code;
    this.field = error.field;
  }
}

export const unwrap = <T>(result: Result<T>): T => {
  if (result.ok) return result.value;
  throw new RequestError(result.error);
};

export const isRequestError = (value: unknown): value is RequestError => value instanceof RequestError;
