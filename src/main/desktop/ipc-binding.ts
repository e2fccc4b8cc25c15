import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/channels.ts';
import type { Result } from '../../shared/contract/result.ts';
import type { Engine } from '../engine/engine.ts';

/**
 * Binds the contract to IPC: one invoke channel that every request goes through (the engine's
 * dispatch validates channel and input), and every engine event sent to every window.
 * Requests from any frame but our own top-level pages are refused.
 */
export function bindIpc(engine: Engine, isOwnPage: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isOwnPage(frame.url)) {
      return Promise.resolve({ ok: false, error: { code: 'unauthorized', message: 'Requests are only taken from Tach’s own window.' } });
    }
    return engine.dispatch(String(channel), input);
  });
  const unsubscribe = engine.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
