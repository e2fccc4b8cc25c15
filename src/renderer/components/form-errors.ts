import type { RequestError } from '../api/request-error.ts';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** For errors that name no field of this form: shown as an alert above the buttons. */
  form?: string;
}

export const noErrors = <F extends string>(): FormErrors<F> => ({ fields: {} });

/** Puts a server error beside the input it names, or at form level when it names none we show. */
export function errorsFrom<F extends string>(error: RequestError, fieldFor: (path: string | undefined) => F | undefined): FormErrors<F> {
  const field = fieldFor(error.field);
  if (field !== undefined) return { fields: { [field]: error.message } as Partial<Record<F, string>> };
  return { fields: {}, form: error.field ? `${error.field}: ${error.message}` : error.message };
}

export function withoutFieldError<F extends string>(errors: FormErrors<F>, field: F): FormErrors<F> {
  if (errors.fields[field] === undefined) return errors;
  const fields = { ...errors.fields };
  delete fields[field];
  return { ...errors, fields };
}
