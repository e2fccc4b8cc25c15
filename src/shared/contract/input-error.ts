import type { z } from 'zod';
import type { ApiError } from './result.ts';

/**
 * The first problem of an input the contract refuses, named by its field path ("broker.url"), in
 * words for a form. Every side that validates against the contract answers with it (the engine's
 * dispatch, the REST door's streamed downloads and the renderer's test fake), so a refusal reads
 * the same wherever it comes from.
 */
export function inputError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_input', message: 'The request is not valid.' };
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { code: 'invalid_input', message: `unknown field "${key}"`, field: [...path, key].join('.') };
  }
  const field = path.join('.');
  if (field === '') return { code: 'invalid_input', message: `The request body ${issue.message.replace(/^Invalid input: /, '')}.` };
  return { code: 'invalid_input', message: issue.message, field };
}
