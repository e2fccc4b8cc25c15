import type { RestRoute, UrlValue } from './rest.ts';

// How a REST request becomes a channel's input: pure, so the door and the route table's tests run
// the same code. Nothing is validated here; the channel's schema does that, naming the field.

/** A URL's text read as a number when it is written as one (digits, an optional fraction); else left as is. */
export function toNumber(raw: string): number | string {
  return /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function toBoolean(raw: string): boolean | string {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return raw;
}

/** A repeated parameter (an array) is not read: the strict-query check refuses it first, Canary's routes pass it on. */
function read(param: UrlValue, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (param.kind === 'number') return toNumber(raw);
  if (param.kind === 'boolean') return toBoolean(raw);
  return raw;
}

export type InputResult = { ok: true; input: unknown } | { ok: false; message: string };

export interface RestRequestParts {
  params: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, unknown>>;
  body: unknown;
}

/** The channel's input: the body's fields (if the route merges them), then the path's, the query's and the fixed ones. */
export function restInput(route: RestRoute, { params, query, body }: RestRequestParts): InputResult {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    return { ok: false, message: 'The request body must be a JSON object.' };
  }
  if (route.body === 'input') return { ok: true, input: body };
  const fields: Record<string, unknown> = route.body === 'merge' ? { ...(body as object | null | undefined) } : {};
  for (const [name, param] of Object.entries(route.params ?? {})) {
    const field = param.field ?? name;
    const value = read(param, params[name]);
    // A body naming another object than the path (PATCH /tenants/1 with {"id": 999}) is a mistake, not a wish.
    if (field in fields && fields[field] !== value) return { ok: false, message: `The body's "${field}" (${JSON.stringify(fields[field])}) is not the one in the path (${JSON.stringify(value)}): leave it out.` };
    fields[field] = value;
  }
  for (const [name, param] of Object.entries(route.query ?? {})) {
    const raw = query[name];
    if (!param.required && (raw === undefined || raw === '')) continue;
    fields[param.field ?? name] = read(param, raw);
  }
  Object.assign(fields, route.fixed);
  const takesNothing = !route.body && !route.params && !route.query && !route.fixed;
  return { ok: true, input: takesNothing ? undefined : fields };
}
