import { BrowserWindow, dialog } from 'electron';
import type { PickFileInput } from '../../shared/contract/schemas.ts';

/** A native open-file dialog, attached to the focused window so it is modal to it. */
export async function pickFile(input: PickFileInput): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: input.title,
    properties: ['openFile', 'showHiddenFiles'],
    filters: [...(input.filters ?? []), { name: 'All files', extensions: ['*'] }],
  };
  const window = BrowserWindow.getFocusedWindow();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** A native save dialog for an export; the chosen path, or null when cancelled. */
export async function pickSavePath(input: { title: string; defaultName: string }): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: input.title,
    defaultPath: input.defaultName,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  };
  const window = BrowserWindow.getFocusedWindow();
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
