import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onProcessExit } from './exit-guard.ts';

/** TACH_KEEP_HARNESS=1 keeps the services' temp dirs (configs, data, logs) for a post-mortem. */
export function keepHarnessDirs(): boolean {
  return process.env.TACH_KEEP_HARNESS === '1';
}

const exitHooks = new Map<string, () => void>();

/**
 * A fresh directory under `parent` (os.tmpdir() by default). If the process exits
 * without removeUnlessKept() having run (a crash, an interrupted run), it is removed
 * synchronously on exit, after the processes registered later have been killed.
 */
export async function makeTempDir(prefix: string, parent: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  if (!keepHarnessDirs()) {
    exitHooks.set(
      dir,
      onProcessExit(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 })),
    );
  }
  return dir;
}

export async function removeUnlessKept(dir: string, what: string): Promise<void> {
  exitHooks.get(dir)?.();
  exitHooks.delete(dir);
  if (keepHarnessDirs()) {
    process.stderr.write(`[harness] keeping ${what} dir ${dir} (TACH_KEEP_HARNESS=1)\n`);
    return;
  }
  // Retries: a dying VM may still be flushing files into the dir for a moment.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
