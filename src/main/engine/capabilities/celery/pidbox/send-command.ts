import { DomainError } from '../../../kernel/domain-error.ts';
import { commandSpec, validateCommandArguments } from './commands.ts';
import type { PidboxResult } from './pending-call.ts';
import type { PidboxCallOptions, PidboxClient } from './pidbox-client.ts';

export type SendCommandOptions = Pick<PidboxCallOptions, 'destination' | 'pattern' | 'matcher' | 'timeoutSeconds' | 'limit'>;

/**
 * A catalogued command, the way a console should send it: arguments validated (a
 * DomainError 'invalid_input' naming the field otherwise), the command's own default
 * timeout, and as a cast when workers never answer it (shutdown).
 */
export function sendCommand(client: PidboxClient, method: string, input: unknown, options: SendCommandOptions = {}): Promise<PidboxResult> {
  const validated = validateCommandArguments(method, input);
  if (!validated.ok) return Promise.reject(new DomainError('invalid_input', validated.message, validated.field || undefined));
  // validateCommandArguments has just proven the method is catalogued.
  const spec = commandSpec(method);
  return client.call(method, {
    ...options,
    arguments: validated.arguments,
    timeoutSeconds: options.timeoutSeconds ?? spec?.defaultTimeoutSeconds,
    reply: spec?.replies ?? true,
  });
}
