import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../shared/contract/api.ts';
import { IPC_EVENT, IPC_INVOKE, isEventName, isRequestChannel } from '../shared/contract/channels.ts';

// The whole surface the page gets: two functions, allowlisted against the contract.
// ipcRenderer itself never crosses, nor does the IPC event object.
const bridge: Bridge = {
  invoke(channel, input) {
    if (!isRequestChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message: `There is no request "${channel}".` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input);
  },
  on(listener) {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isEventName(name)) listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.off(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('tach', bridge);
