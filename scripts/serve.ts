// `npm run serve -- [--host H] [--port P] [--data DIR] [--token T]`: the headless console.
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.ts';
import { runChild } from './run-child.ts';
import { headlessEngineArgs } from '../src/main/headless/engine-process.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!process.argv.includes('--help')) buildIfNeeded(root);
runChild(process.execPath, headlessEngineArgs(process.argv.slice(2)), root);
