import { CHANNELS, isRequestChannel } from '../../../shared/contract/channels.ts';
import { inputError } from '../../../shared/contract/input-error.ts';
import { fail, ok, type Result } from '../../../shared/contract/result.ts';
import { DomainError } from './domain-error.ts';
import type { Handlers } from './handler-types.ts';
import type { Logger } from './logging/logger.ts';

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

/**
 * The single entry every door calls: refuses unknown channels, validates input against the
 * contract's schema, runs the handler, and turns every outcome into a Result. Unexpected
 * errors are logged in full here and cross the door only as a generic message.
 */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, input) => {
    if (!isRequestChannel(channel)) return fail('unknown_channel', `There is no request "${channel}".`);
    const parsed = CHANNELS[channel].input.safeParse(input ?? undefined);
    if (!parsed.success) return { ok: false, error: inputError(parsed.error) };
    try {
      const handler = handlers[channel] as (value: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message, error.field);
      log.error('request failed', { channel, err: error });
      return fail('internal', 'Tach hit an unexpected error; the details are in its log.');
    }
  };
}
