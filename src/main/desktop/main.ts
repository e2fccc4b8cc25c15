import { app, BrowserWindow, dialog } from 'electron';
import { Engine } from '../engine/engine.ts';
import { prepareDataDir } from '../engine/kernel/data-dir.ts';
import { createLogger, logOptionsFromEnv } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { backupOptionsFromEnv } from '../engine/kernel/store/store-backups.ts';
import { notifyAlerts } from './alert-notifications.ts';
import { bindIpc } from './ipc-binding.ts';
import { pickFile, pickSavePath } from './native-dialogs.ts';
import { createMainWindow, isOwnPage } from './main-window.ts';
import { safeStorageCipher } from './safe-storage-cipher.ts';

// The desktop door: a window on the same engine the headless console runs.
// TACH_DATA_DIR gives a separate profile (tests, a second environment); it must be set before ready.
if (process.env.TACH_DATA_DIR) app.setPath('userData', process.env.TACH_DATA_DIR);
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  prepareDataDir(dataDir);
  const log = createLogger(dataDir, { ...logOptionsFromEnv(process.env), stderr: !app.isPackaged });
  const keyFile = KeyFileCipher.forDataDir(dataDir, (message) => log.warn(message));
  const keychain = safeStorageCipher();
  // Secrets written by the headless console (key file) stay readable from the desktop.
  const secrets = keychain ? new SecretBox(keychain, [keyFile]) : new SecretBox(keyFile);
  const engine = new Engine({
    dataDir,
    door: 'desktop',
    version: app.getVersion(),
    log,
    secrets,
    platform: { pickFile, pickSavePath },
    // Bundled beside this file as its own entry (electron.vite.config.ts).
    storeWriterEntry: new URL('./store-writer-worker.js', import.meta.url),
    storeBackupEntry: new URL('./store-backup-worker.js', import.meta.url),
    logFile: log.file,
    backups: backupOptionsFromEnv(process.env),
  });
  try {
    await engine.start();
  } catch (error) {
    dialog.showErrorBox('Tach could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const unbind = bindIpc(engine, isOwnPage);
  const unnotify = notifyAlerts(engine);
  createMainWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    unbind();
    unnotify();
    void engine
      .stop()
      .then(() => log.close())
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}
