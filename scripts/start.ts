// `npm start`: the desktop app where an Electron binary and a display exist; otherwise says
// so in one sentence and opens the headless console, which runs the same engine.
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.ts';
import { findElectronBinary } from './electron-binary.ts';
import { runChild } from './run-child.ts';
import { headlessEngineArgs } from '../src/main/headless/engine-process.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfNeeded(root);
const electron = findElectronBinary(root);
if (electron.found) {
  runChild(electron.path, [root, ...process.argv.slice(2)], root);
} else {
  console.log(
    `Tach cannot open its desktop window because ${electron.why}; to get it, run "npx install-electron" with internet access ` +
      'or set ELECTRON_OVERRIDE_DIST_PATH to an Electron 45 directory. Starting the headless console instead: open the URL below in a browser.',
  );
  runChild(process.execPath, headlessEngineArgs(process.argv.slice(2)), root);
}
