import type { z } from 'zod';

/** The first wrong field of an issue ('' for the arguments as a whole). */
export function issueField(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys[0] ?? '';
  return issue.path.map(String).join('.');
}

/** One sentence, naming the field, for the first thing wrong with a command's arguments. */
export function describeArgumentIssue(method: string, schema: z.ZodType, input: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `${method} does not take ${keys}; it takes ${describeFields(schema)}.`;
  }
  const field = issue.path.map(String).join('.');
  if (field === '') return `${method} takes an object of named arguments (${describeFields(schema)}).`;
  if (valueAt(input, issue.path) === undefined) return `${method} needs "${field}": it ${issue.message}.`;
  return `${method}: "${field}" ${issue.message}.`;
}

function describeFields(schema: z.ZodType): string {
  // Refinements keep the object schema (zod 4), so its shape still lists the field names.
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const names = shape ? Object.keys(shape) : [];
  return names.length === 0 ? 'no arguments' : names.map((name) => `"${name}"`).join(', ');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
