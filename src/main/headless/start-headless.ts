import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareDataDir } from '../engine/kernel/data-dir.ts';
import { Engine } from '../engine/engine.ts';
import { createLogger, type Logger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { backupOptionsFromEnv } from '../engine/kernel/store/store-backups.ts';
import type { HeadlessOptions } from './options.ts';
import { createServer } from './server.ts';

const ROOT = new URL('../../../', import.meta.url);
export const RENDERER_DIR = fileURLToPath(new URL('out/renderer/', ROOT));

export interface RunningHeadless {
  url: string;
  log: Logger;
  stop(): Promise<void>;
}

/** Starts the engine and the http door on it; `stop` undoes both in reverse order. */
export async function startHeadless(options: HeadlessOptions): Promise<RunningHeadless> {
  prepareDataDir(options.dataDir);
  const log = createLogger(options.dataDir, options.log);
  const version = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;
  let engine: Engine | undefined;
  try {
    const secrets = new SecretBox(KeyFileCipher.forDataDir(options.dataDir, (message) => log.warn(message)));
    engine = new Engine({ dataDir: options.dataDir, door: 'headless', version, log, secrets, logFile: log.file, backups: backupOptionsFromEnv(process.env) });
    await engine.start();
    const server = await createServer({ engine, log, rendererDir: RENDERER_DIR, token: options.token });
    await server.listen({ host: options.host, port: options.port });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const running = engine;
    return {
      url: `http://${host}:${port}/`,
      log,
      stop: async () => {
        await server.close();
        await running.stop();
        await log.close();
      },
    };
  } catch (error) {
    await engine?.stop();
    await log.close();
    throw error;
  }
}
