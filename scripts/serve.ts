// `npm run serve -- [--host H] [--port P] [--data DIR] [--token T]`: the headless console.
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.ts';
import { runChild } from './run-child.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!process.argv.includes('--help')) buildIfNeeded(root);
runChild(process.execPath, [fileURLToPath(new URL('../src/main/headless/cli.ts', import.meta.url)), ...process.argv.slice(2)], root);
