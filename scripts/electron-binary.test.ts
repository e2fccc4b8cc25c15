import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.ts';

describe('findElectronBinary', () => {
  let root: string;
  let packageDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tach-electron-'));
    packageDir = join(root, 'node_modules', 'electron');
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(join(packageDir, 'path.txt'), 'electron\n');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('says the binary is not installed when the package has no dist', () => {
    const lookup = findElectronBinary(root, { DISPLAY: ':0' });
    expect(lookup.found).toBe(false);
    if (!lookup.found) expect(lookup.why).toMatch(/not installed/);
  });

  it('finds the binary in the package dist, named by path.txt', () => {
    mkdirSync(join(packageDir, 'dist'));
    writeFileSync(join(packageDir, 'dist', 'electron'), '');
    expect(findElectronBinary(root, { DISPLAY: ':0' })).toEqual({ found: true, path: join(packageDir, 'dist', 'electron') });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH when set', () => {
    const override = join(root, 'custom-dist');
    mkdirSync(override);
    writeFileSync(join(override, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override, DISPLAY: ':0' })).toEqual({
      found: true,
      path: join(override, 'electron'),
    });
  });

  it('names the override directory when it lacks the binary', () => {
    const override = join(root, 'empty-dist');
    mkdirSync(override);
    const lookup = findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override, DISPLAY: ':0' });
    expect(lookup.found).toBe(false);
    if (!lookup.found) {
      expect(lookup.why).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      expect(lookup.why).toContain(override);
    }
  });

  it('on Linux, needs a display (DISPLAY or WAYLAND_DISPLAY) to be usable', () => {
    const override = join(root, 'custom-dist');
    mkdirSync(override);
    writeFileSync(join(override, 'electron'), '');

    const headless = findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override });
    const wayland = findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override, WAYLAND_DISPLAY: 'wayland-0' });
    expect(wayland.found).toBe(true);
    if (process.platform === 'linux') {
      expect(headless.found).toBe(false);
      if (!headless.found) expect(headless.why).toMatch(/display/i);
    } else {
      expect(headless.found).toBe(true);
    }
  });
});
