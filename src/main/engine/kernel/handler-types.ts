import type { RequestChannel, RequestInput, RequestOutput } from '../../../shared/contract/channels.ts';
import type { PickFileInput } from '../../../shared/contract/schemas.ts';

/** One function per channel: a channel without a handler (or with a wrong signature) does not compile. */
export type Handlers = {
  [C in RequestChannel]: (input: RequestInput<C>) => Promise<RequestOutput<C>> | RequestOutput<C>;
};

/** What only some doors can do (native dialogs); absent where the door cannot. */
export interface Platform {
  pickFile?: (input: PickFileInput) => Promise<string | null>;
  /** A native "save as" dialog; the path chosen, or null when cancelled. */
  pickSavePath?: (input: { title: string; defaultName: string }) => Promise<string | null>;
}
