import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronLookup = { found: true; path: string } | { found: false; why: string };

const DEFAULT_EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/**
 * Finds the Electron binary without require('electron'): that call tries to download the
 * binary on first use, which fails (slowly) on a machine without internet access.
 */
export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[process.platform] ?? 'electron');
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable) : join(packageDir, 'dist', executable);
  if (!existsSync(candidate)) {
    return {
      found: false,
      why: override
        ? `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no ${executable}`
        : 'the Electron binary is not installed (npm fetches it from the internet on first use, which this machine cannot reach)',
    };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { found: false, why: 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { found: true, path: candidate };
}
