import type { AppInfo } from '../../domain/types.ts';
import { channel, output } from '../declare.ts';
import { empty, pickFileInput } from '../schemas.ts';

export const appChannels = {
  'app.info': channel(empty, output<AppInfo>()),
  /** A native "open file" dialog; only where `capabilities.nativeFileDialogs` (the desktop door). */
  'dialog.pickFile': channel(pickFileInput, output<{ path: string | null }>()),
};
