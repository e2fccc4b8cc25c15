import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestChannel, RequestInput, RequestOutput } from '../../src/shared/contract/channels.ts';
import { Engine } from '../../src/main/engine/engine.ts';
import { silentLogger } from '../../src/main/engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../../src/main/engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../../src/main/engine/kernel/secrets/secret-box.ts';

/** A real engine on a throwaway data dir, with a typed `call` that fails loudly on an error result. */
export async function startTempEngine(dataDir = mkdtempSync(join(tmpdir(), 'tach-engine-'))): Promise<TempEngine> {
  const engine = new Engine({
    dataDir,
    door: 'headless',
    version: 'test',
    log: silentLogger(),
    secrets: new SecretBox(KeyFileCipher.forDataDir(dataDir, () => {})),
  });
  await engine.start();
  async function call<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
    const result = await engine.dispatch(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as RequestOutput<C>;
  }
  let current: TempEngine;
  current = {
    engine,
    dataDir,
    call,
    async stop() {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    /** Stops this engine and starts a new one on the same data dir, as a restarted app would. */
    async restart() {
      await engine.stop();
      current = await startTempEngine(dataDir);
      return current;
    },
  };
  return current;
}

export interface TempEngine {
  engine: Engine;
  dataDir: string;
  call<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>;
  stop(): Promise<void>;
  restart(): Promise<TempEngine>;
}
