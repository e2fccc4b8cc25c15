import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDebianPackages, ZOOKEEPER_PACKAGES } from './ensure-packages.ts';
import { fourLetterWord } from './four-letter-word.ts';
import { startProcess, waitFor } from './managed-process.ts';
import type { ManagedProcess } from './managed-process.ts';
import { freePort } from './ports.ts';
import { makeTempDir, removeUnlessKept } from './temp-dir.ts';

export interface ZooKeeper {
  /** Connection string for clients: '127.0.0.1:PORT'. */
  readonly hosts: string;
  readonly port: number;
  readonly dataDir: string;
  /** The instance's temp dir (zoo.cfg, dataDir, log). */
  readonly baseDir: string;
  /** Stops the server and removes baseDir (kept when TACH_KEEP_HARNESS=1). Idempotent. */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port and data dir (znodes survive, sessions may expire). */
  restart(): Promise<void>;
  /** PID of the JVM while it runs. */
  pid(): number | undefined;
}

export interface StartZooKeeperOptions {
  /** Parent of the instance's temp dir; defaults to os.tmpdir(). */
  baseDir?: string;
  timeoutMs?: number;
}

// The Debian zookeeper.jar lists its dependencies (netty, jute, slf4j-api, metrics, jetty,
// jackson, commons-*, snappy) in its manifest's Class-Path, so it alone is enough to run
// the server; slf4j-simple is only the logging backend (without it slf4j falls back to a
// no-op logger and the log file stays empty, which makes failures hard to diagnose).
export const ZOOKEEPER_CLASSPATH = ['/usr/share/java/zookeeper.jar', '/usr/share/java/slf4j-simple.jar'];

const MAIN_CLASS = 'org.apache.zookeeper.server.ZooKeeperServerMain';

function zooCfg(dataDir: string, port: number): string {
  return [
    'tickTime=2000',
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    'clientPortAddress=127.0.0.1',
    'maxClientCnxns=0',
    // The admin server would take port 8080 on every instance.
    'admin.enableServer=false',
    // envi is required: kazoo (and so TaskFlow) asks for it to learn the server version.
    '4lw.commands.whitelist=ruok,srvr,mntr,stat,envi,conf,cons',
    '',
  ].join('\n');
}

export async function startZooKeeper(options: StartZooKeeperOptions = {}): Promise<ZooKeeper> {
  await ensureDebianPackages(ZOOKEEPER_PACKAGES);
  const missingJars = ZOOKEEPER_CLASSPATH.filter((jar) => !existsSync(jar));
  if (missingJars.length > 0) throw new Error(`ZooKeeper harness: missing ${missingJars.join(', ')}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseDir = await makeTempDir('tach-zookeeper-', options.baseDir);
  const dataDir = join(baseDir, 'data');
  await mkdir(dataDir);
  const port = await freePort();
  const configFile = join(baseDir, 'zoo.cfg');
  await writeFile(configFile, zooCfg(dataDir, port));
  const logFile = join(baseDir, 'zookeeper.log');

  let server: ManagedProcess | undefined;

  async function boot(): Promise<void> {
    const started = await startProcess({
      name: 'zookeeper',
      command: 'java',
      args: [
        // Small heap and the serial collector: a test server holds a few znodes, and the
        // machine has 2 cores shared with the broker and the tests.
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-Djava.net.preferIPv4Stack=true',
        '-cp',
        ZOOKEEPER_CLASSPATH.join(':'),
        MAIN_CLASS,
        configFile,
      ],
      env: { ...process.env, ZOO_LOG_DIR: baseDir },
      cwd: baseDir,
      logFile,
    });
    server = started;
    await waitFor(async () => (await fourLetterWord(port, 'ruok')) === 'imok', {
      timeoutMs,
      what: `ZooKeeper on 127.0.0.1:${port} to answer ruok with imok`,
      process: started,
      intervalMs: 100,
    });
  }

  async function stopServer(): Promise<void> {
    // The JVM exits promptly on SIGTERM; standalone ZooKeeper has nothing to flush that
    // its transaction log has not already fsynced.
    await server?.stop(10_000);
    server = undefined;
  }

  let stopping: Promise<void> | undefined;
  async function stopAll(): Promise<void> {
    try {
      await stopServer();
    } finally {
      await removeUnlessKept(baseDir, 'zookeeper');
    }
  }

  try {
    await boot();
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  return {
    hosts: `127.0.0.1:${port}`,
    port,
    dataDir,
    baseDir,
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
    async restart() {
      if (stopping) throw new Error('ZooKeeper harness: restart() after stop()');
      await stopServer();
      await boot();
    },
    pid() {
      return server && !server.exited ? server.pid : undefined;
    },
  };
}
