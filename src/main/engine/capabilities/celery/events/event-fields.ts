// Narrow readers for one field of a parsed event body. This is the hot path (one call per
// field per event at 50k+ events/s), so they are typeof checks, not a schema library.
// Each returns undefined when the key is absent or the value has the wrong type: one odd
// field must not cost us the whole event, and "absent" leaves the reducer's value alone.

export const readString = (value: unknown): string | null | undefined =>
  typeof value === 'string' ? value : value === null ? null : undefined;

/** JSON numbers that overflow (1e999) parse to Infinity; treat them as absent. */
export const readNumber = (value: unknown): number | null | undefined =>
  typeof value === 'number' ? (Number.isFinite(value) ? value : undefined) : value === null ? null : undefined;

export const readBoolean = (value: unknown): boolean | null | undefined =>
  typeof value === 'boolean' ? value : value === null ? null : undefined;

/**
 * Celery sends args, kwargs, result and exception as repr() strings. Producers that are
 * not Celery sometimes send the structure itself; keep it, as JSON text, so it still shows.
 */
export const readRepr = (value: unknown): string | null | undefined => {
  if (typeof value === 'string') return value;
  if (value === undefined) return undefined;
  if (value === null) return null;
  // Values from JSON.parse have no cycles or bigints, so this cannot throw.
  return JSON.stringify(value);
};

/** loadavg is a 3-element list of floats; reuse the parsed array instead of copying it. */
export const readNumberList = (value: unknown): number[] | null | undefined => {
  if (value === null) return null;
  if (!Array.isArray(value)) return undefined;
  for (let i = 0; i < value.length; i += 1) {
    if (typeof value[i] !== 'number') return undefined;
  }
  return value as number[];
};

/** Revoke signals arrive as an int (request.py) or, from older workers, a name like 'SIGTERM'. */
export const readSignal = (value: unknown): number | string | null | undefined =>
  typeof value === 'number' || typeof value === 'string' ? value : value === null ? null : undefined;

/** Short description of a JSON value for rejection reasons (never echoes large values). */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
