import type { Api } from '../../shared/contract/api.ts';
import type { Events, EventName, RequestChannel, RequestInput, RequestOutput } from '../../shared/contract/channels.ts';
import type { ApiError, Result } from '../../shared/contract/result.ts';
import type { ConnectionMonitor } from './connection-state.ts';
import { createEventSocket } from './event-socket.ts';
import type { EventSocketOptions } from './event-socket.ts';

export type HttpApi = Api & ConnectionMonitor;

export interface HttpApiOptions extends EventSocketOptions {
  fetch?: typeof fetch;
}

const isEnvelope = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';

/** A bare `{error: {code, message}}`, as the server's auth check answers before any channel runs. */
const bareError = (value: unknown): ApiError | undefined => {
  const error = typeof value === 'object' && value !== null ? (value as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? (error as ApiError) : undefined;
};

export const eventsUrl = (baseUrl: string): string => {
  const url = new URL('/events', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

/** The headless door: requests as POST /rpc/<channel>, events over one WebSocket at /events. */
export function createHttpApi(baseUrl: string = location.origin, options: HttpApiOptions = {}): HttpApi {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const events = createEventSocket(eventsUrl(baseUrl), options);

  const unavailable = (reason: string): Result<never> => ({
    ok: false,
    error: { code: 'unavailable', message: `The Tach server at ${baseUrl} did not answer (${reason}).` },
  });

  return {
    async invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/rpc/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? null),
          credentials: 'same-origin',
        });
      } catch (error) {
        return unavailable(error instanceof Error ? error.message : String(error));
      }
      // Errors arrive with a 4xx/5xx status but still as an envelope: the body decides, not the status.
      let body: unknown;
      try {
        body = JSON.parse(await response.text());
      } catch {
        return unavailable(`HTTP ${response.status} ${response.statusText}`.trim() + ' without a JSON answer');
      }
      if (isEnvelope(body)) return body as Result<RequestOutput<C>>;
      const error = bareError(body);
      return error ? { ok: false, error } : unavailable(`HTTP ${response.status}, not a Tach answer`);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return events.subscribe((name, payload) => {
        if (name === event) listener(payload as Events[E]);
      });
    },
    connectionState: events.connectionState,
    onConnectionChange: events.onConnectionChange,
  };
}
