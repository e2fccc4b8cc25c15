import type { z } from 'zod';
import { fail, type Result } from './result.ts';

/**
 * The first problem of an input the contract refuses, named by its field path ("broker.url"), in
 * words for a form. Every side that validates against the contract answers with it (the engine's
 * dispatch and the renderer's test fake), so a refusal reads the same wherever it comes from.
 */
export function invalidInput(error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  if (!issue) return fail('invalid_input', 'The request is not valid.');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return fail('invalid_input', `unknown field "${key}"`, [...path, key].join('.'));
  }
  const field = path.join('.');
  if (field === '') return fail('invalid_input', `The request body ${issue.message.replace(/^Invalid input: /, '')}.`);
  return fail('invalid_input', issue.message, field);
}
