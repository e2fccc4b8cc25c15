import type { ErrorCode } from '../../shared/contract/result.ts';

/** The http status for each error code of the contract. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_channel: 404,
  conflict: 409,
  internal: 500,
  unavailable: 503,
};
