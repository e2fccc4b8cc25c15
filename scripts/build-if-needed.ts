import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUTS = ['out/renderer/index.html', 'out/main/desktop.js', 'out/preload/index.cjs'];
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json'];

/** Runs `electron-vite build` when an output is missing or older than any source. */
export function buildIfNeeded(root: string): void {
  const outputs = OUTPUTS.map((path) => join(root, path));
  const oldestOutput = Math.min(...outputs.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)));
  const newestInput = Math.max(...INPUTS.map((path) => newestMtime(join(root, path))));
  if (oldestOutput > newestInput) return;
  console.log('Building Tach (electron-vite build)…');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
