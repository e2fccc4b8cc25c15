import { z } from 'zod';

// Schema building blocks every part of the contract uses: text a person typed, ids, durations.

// C0 and C1 control characters (NUL, ESC, BEL, line breaks…) and UTF-16 halves without their
// other half: none is text a person meant to type, and each shows up broken in a table or a log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const printable = <T extends z.ZodType<string>>(schema: T) =>
  schema
    .refine((value) => !CONTROL.test(value), 'must not contain control characters (such as NUL, ESC or a line break)')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text (it holds half of a surrogate pair)');

export const seconds = (min: number, max: number) =>
  z.number({ error: 'must be a number of seconds' }).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
export const count = (min: number, max: number) =>
  z.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/**
 * A query over a time window: `until`, given with `since`, must come after it (an empty answer to
 * a window the wrong way round hides the typo that made it).
 */
export const timeWindow = <T extends z.ZodType<{ since?: string; until?: string }>>(schema: T): T =>
  schema.refine((value) => value.since === undefined || value.until === undefined || Date.parse(value.until) > Date.parse(value.since), {
    message: 'must be after since',
    path: ['until'],
  }) as T;
