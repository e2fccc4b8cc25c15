// REST routes, declared beside their channels as plain data: the headless door derives its fastify
// routes from them (src/main/headless/declared-routes.ts), docs and tests read the same list.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * A path or query parameter: which input field it fills and how its text is read. The channel's
 * schema then validates the value like any input, so a non-number stays text and is refused by name.
 */
export interface UrlValue {
  readonly kind: 'text' | 'number' | 'boolean';
  /** The input field; absent: the parameter's own name. */
  readonly field?: string;
  /**
   * Passed on as given, even empty or absent, so the schema names what is missing. An optional
   * one given empty (`?since=`) is left out, as if not given.
   */
  readonly required?: true;
}

const value = (kind: UrlValue['kind']) => (field?: string): UrlValue => (field === undefined ? { kind } : { kind, field });
export const text = value('text');
/** Digits with an optional fraction become a number; the schema says whether it must be whole. */
export const number = value('number');
/** true/1 and false/0; anything else stays text, for the schema to refuse. */
export const boolean = value('boolean');
export const required = (param: UrlValue): UrlValue => ({ ...param, required: true });

/**
 * How a channel's value is answered. Default: as is. `body` answers one field of it (a bare array,
 * as scripts want); `headers` sends fields as response headers (left out when null, empty or an
 * empty list; a list joined by ", "); `next` links the following page as RFC 8288 says
 * (`Link: <same URL with ?param=cursor>; rel="next"`) when the value's `cursor` field is set.
 * `csv`: a download streamed from the store, not a dispatched request.
 */
export type RestAnswer =
  | {
      readonly body?: string;
      readonly headers?: Readonly<Record<string, string>>;
      readonly next?: { readonly cursor: string; readonly param: string };
    }
  | 'csv';

export interface RestRoute<C extends string = string> {
  readonly method: HttpMethod;
  /** Fastify's syntax: `/api/v1/deployments/:id/tasks`. */
  readonly path: string;
  readonly channel: C;
  /** Every `:name` of the path. */
  readonly params?: Readonly<Record<string, UrlValue>>;
  /** The query parameters it takes, in the order a refusal lists them; any other is refused. */
  readonly query?: Readonly<Record<string, UrlValue>>;
  /** `input`: the JSON body is the input. `merge`: its fields, under the path's and query's. Absent: not read. */
  readonly body?: 'input' | 'merge';
  /** Fields set by the route itself (`action: 'trash'`). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Success status; 204 answers no body. Default 200. */
  readonly status?: 200 | 201 | 204;
  readonly answer?: RestAnswer;
}

/** Routes of one area, their channels checked against the area's declarations. */
export const restRoutes = <C extends string>(routes: readonly RestRoute<C>[]): readonly RestRoute<C>[] => routes;
