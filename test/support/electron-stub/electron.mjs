// A stand-in for the parts of Electron that src/main/desktop uses. It records what the desktop
// door does (window options, IPC handlers, pushed events), drives one scripted session through the
// real IPC handler once the app is up, quits the app the way Electron does, and prints a report.
import { EventEmitter } from 'node:events';

const report = { windows: [], sent: [], errors: [], calls: {}, notifications: [] };
const appEvents = new EventEmitter();
const handlers = new Map();
const paths = new Map();
let quitting = false;

export const app = {
  requestSingleInstanceLock: () => true,
  on: (event, listener) => appEvents.on(event, listener),
  whenReady: () => Promise.resolve(),
  getPath: (name) => paths.get(name) ?? `/nonexistent/${name}`,
  setPath: (name, value) => paths.set(name, value),
  getVersion: () => '0.0.0-stub',
  isPackaged: false,
  quit() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    appEvents.emit('will-quit', event);
    if (!event.defaultPrevented) finish(0);
  },
  exit: (code) => finish(code),
};

class WebContents extends EventEmitter {
  setWindowOpenHandler(handler) { this.openHandler = handler; }
  send(channel, ...args) { report.sent.push([channel, ...args]); }
}

export class BrowserWindow extends EventEmitter {
  static #all = [];
  static getAllWindows() { return BrowserWindow.#all; }
  static getFocusedWindow() { return BrowserWindow.#all[0] ?? null; }
  constructor(options) {
    super();
    this.webContents = new WebContents();
    this.record = { options, url: null };
    report.windows.push(this.record);
    BrowserWindow.#all.push(this);
  }
  loadURL(url) { this.record.url = url; return Promise.resolve(); }
  isDestroyed() { return false; }
  isMinimized() { return false; }
  show() {}
  focus() {}
  restore() {}
}

export const ipcMain = {
  handle: (channel, handler) => handlers.set(channel, handler),
  removeHandler: (channel) => handlers.delete(channel),
};

// A keychain that is "available" and reversible, so the desktop's choice of it is observable.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain) => Buffer.from(`stub-keychain:${[...plain].reverse().join('')}`),
  decryptString: (sealed) => [...sealed.toString().replace(/^stub-keychain:/, '')].reverse().join(''),
};

export const dialog = {
  showErrorBox: (title, message) => report.errors.push(`${title}: ${message}`),
  showOpenDialog: async () => ({ canceled: false, filePaths: ['/etc/ssl/picked-ca.pem'] }),
  // Exports go where the test says (TACH_STUB_SAVE_PATH), as if the user picked that file.
  showSaveDialog: async (...args) => {
    report.saveDialog = args.at(-1);
    return { canceled: false, filePath: process.env.TACH_STUB_SAVE_PATH };
  },
};

export const shell = { openExternal: async () => {} };

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    report.notifications.push(this.options);
  }
}

export default { app, BrowserWindow, ipcMain, safeStorage, dialog, shell, Notification };

function finish(code) {
  report.exitCode = code;
  process.stdout.write(`STUB-REPORT ${JSON.stringify(report)}\n`);
  process.exit(code);
}

// The scripted session: wait for the door to bind IPC and open its window, then use it.
async function session() {
  for (let i = 0; i < 200 && !(handlers.size > 0 && report.windows.length > 0); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (report.errors.length > 0) return finish(1);
  }
  const invoke = handlers.get('tach:invoke');
  if (!invoke) return finish(1);
  const own = { senderFrame: { url: report.windows[0].url, parent: null } };
  const call = (channel, input, event = own) => invoke(event, channel, input);
  report.calls.info = await call('app.info', undefined);
  report.calls.createTenant = await call('tenants.create', { name: 'desk' });
  report.calls.createDeployment = await call('deployments.create', {
    tenantId: 1,
    name: 'prod',
    broker: { url: 'amqp://ops:desk-secret-42@127.0.0.1:1/' },
    // A queue to passive-declare on a broker that refuses: the first broker health poll fails,
    // and with no grace period its alert opens at once, which the door turns into a notification.
    brokerHealth: { pollInterval: 1, queues: ['notifications.info'] },
    alerts: { graceSeconds: 0 },
  });
  for (let i = 0; i < 400 && report.notifications.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  report.calls.pickFile = await call('dialog.pickFile', { title: 'CA file' });
  report.calls.exportSnapshots = await call('celery.exportSnapshots', { deploymentId: 1 });
  report.calls.foreignFrame = await call('tenants.list', undefined, { senderFrame: { url: 'https://evil.example/', parent: null } });
  report.calls.subFrame = await call('tenants.list', undefined, { senderFrame: { url: report.windows[0].url, parent: {} } });
  report.calls.unknownChannel = await call('nope', {});
  quitting = true;
  app.quit();
}

setTimeout(() => {
  if (!quitting) void session();
}, 0);
