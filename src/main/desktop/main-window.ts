import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell } from 'electron';

const RENDERER_HTML = join(import.meta.dirname, '../renderer/index.html');
const PRELOAD = join(import.meta.dirname, '../preload/index.cjs');

/** The one page Tach loads: electron-vite's dev server in development, the built file otherwise. */
export const rendererUrl = (): string => process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(RENDERER_HTML).href;

export const isOwnPage = (url: string): boolean => {
  const own = new URL(rendererUrl());
  const candidate = new URL(url);
  return candidate.origin === own.origin && candidate.pathname === own.pathname;
};

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Tach',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The window never navigates away from the console; links open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(rendererUrl());
  return window;
}
