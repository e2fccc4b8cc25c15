import type { Api, Bridge } from '../../shared/contract/api.ts';
import type { Events, EventName, RequestChannel, RequestInput, RequestOutput } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';

/** The desktop door: the preload already speaks the Result envelope, so this only narrows types. */
export function createBridgeApi(bridge: Bridge): Api {
  return {
    async invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>) {
      try {
        return (await bridge.invoke(channel, input)) as Result<RequestOutput<C>>;
      } catch (error) {
        // The preload should never reject; if it does, keep the "errors are data" promise anyway.
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message: `The desktop bridge failed: ${reason}` } };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return bridge.on((name, payload) => {
        if (name === event) listener(payload as Events[E]);
      });
    },
  };
}
