import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { ApiError, ErrorCode } from '../../shared/contract/result.ts';
import { quoted } from './problem.ts';
import { requestTarget } from './request-target.ts';

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'not_found', 409: 'conflict' };

/** The error that refused a request before any route ran: its status, and a sentence that says what was wrong. */
export function describeRequestError(error: FastifyError, request: FastifyRequest, bodyLimit: number): { status: number; error: ApiError } {
  const status = error.statusCode ?? 500;
  const path = requestTarget(request.url).pathname;
  const code = CODE_OF_STATUS[status] ?? 'invalid_input';
  const said = (message: string) => ({ status, error: { code, message } });
  switch (error.code) {
    case 'TACH_INVALID_JSON':
      return said(`The request body is not valid JSON: ${error.message}`);
    case 'TACH_INVALID_UTF8':
      return said('The request body is not valid UTF-8 text: JSON must be sent as UTF-8.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return said('Send the body as JSON (Content-Type: application/json).');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return said(`The request body is too large: Tach accepts at most ${bodyLimit} bytes.`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return said('The Content-Length header does not match the body that was sent.');
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_ERR_CTP_EMPTY_TYPE':
      return said('The Content-Type header is not valid.');
    case 'FST_ERR_BAD_URL':
      return said(`The path ${quoted(path)} holds a malformed %-escape.`);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return said('A part of the path is too long.');
    default:
      break;
  }
  // Errors of the static files (@fastify/static) and anything else refused, by status.
  switch (status) {
    case 403:
      return said(`Tach does not serve ${quoted(path)}.`);
    case 404:
      return said(`There is no ${quoted(path)}.`);
    case 405:
      return said(`${quoted(path)} does not take ${request.method}.`);
    case 412:
    case 416:
      return said(`The range or condition of this request for ${quoted(path)} cannot be met.`);
    default:
      return said(`The request cannot be served: ${STATUS_CODES[status] ?? `HTTP ${status}`}.`);
  }
}

/** The request target must be a path: "//host/…" and absolute URLs are what proxies get, not a console. */
export function badTarget(url: string): ApiError | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return undefined;
  return { code: 'invalid_input', message: `The request target must be a path that starts with a single "/", not ${quoted(url)}.` };
}
