import type { Bridge } from '../shared/contract/api.ts';

declare global {
  interface Window {
    /** Put there by the Electron preload; absent when the renderer is served over http. */
    tach?: Bridge;
  }
}

export {};
