import { makeTlsFiles, type TlsFiles } from './tls-certificates.ts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureDebianPackages, RABBITMQ_PACKAGES } from './ensure-packages.ts';
import { killPid, startProcess, tailFile, waitFor } from './managed-process.ts';
import type { ManagedProcess } from './managed-process.ts';
import { freePort } from './ports.ts';
import { makeTempDir, removeUnlessKept } from './temp-dir.ts';

export interface RabbitMq {
  /** amqp://guest:guest@127.0.0.1:PORT/ (default vhost "/"). */
  readonly amqpUrl: string;
  readonly amqpPort: number;
  /** amqps://guest:guest@localhost:PORT/ : a TLS listener with a certificate from a throwaway CA. */
  readonly amqpsUrl: string;
  readonly amqpsPort: number;
  /** The CA file that makes the TLS listener's certificate trusted. */
  readonly caFile: string;
  /** http://127.0.0.1:PORT, without a trailing slash. */
  readonly managementUrl: string;
  readonly managementPort: number;
  readonly user: 'guest';
  readonly password: 'guest';
  readonly nodeName: string;
  readonly baseDir: string;
  /** Stops the broker and its epmd and removes baseDir (kept when TACH_KEEP_HARNESS=1). Idempotent. */
  stop(): Promise<void>;
  /** Stops the broker only and boots it again on the same ports and data dir. */
  restart(): Promise<void>;
  /** PID of the broker's Erlang VM (beam.smp) while it runs, e.g. to SIGKILL it in a crash test. */
  pid(): number | undefined;
}

export interface StartRabbitMqOptions {
  /** Parent of the instance's temp dir; defaults to os.tmpdir(). */
  baseDir?: string;
  /** Readiness timeout; 60 s by default (first boot takes about 7 s on a 2-core machine). */
  timeoutMs?: number;
}

const BIN = '/usr/lib/rabbitmq/bin';
const USER = 'guest';
const PASSWORD = 'guest';

interface Layout {
  dir: string;
  nodeName: string;
  amqpPort: number;
  amqpsPort: number;
  tls: TlsFiles;
  managementPort: number;
  distPort: number;
  ctlDistPort: number;
  epmdPort: number;
  env: NodeJS.ProcessEnv;
  pidFile: string;
  logFile: string;
}

function inheritedEnv(): NodeJS.ProcessEnv {
  // A developer's own RABBITMQ_*/ERL_* settings (or a CI's) must not leak into our node.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('RABBITMQ_') && !key.startsWith('ERL_')) env[key] = value;
  }
  return env;
}

async function prepare(parent: string | undefined): Promise<Layout> {
  const dir = await makeTempDir('tach-rabbitmq-', parent);
  const [amqpPort, amqpsPort, managementPort, distPort, ctlDistPort, epmdPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]) as [number, number, number, number, number, number];
  const tls = await makeTlsFiles(join(dir, 'tls'));
  const nodeName = `tach${randomBytes(4).toString('hex')}@localhost`;
  const home = join(dir, 'home');
  await mkdir(home);
  await writeFile(
    join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
      `listeners.ssl.default = 127.0.0.1:${amqpsPort}`,
      `ssl_options.cacertfile = ${tls.caFile}`,
      `ssl_options.certfile = ${tls.certFile}`,
      `ssl_options.keyfile = ${tls.keyFile}`,
      'ssl_options.verify = verify_none',
      'ssl_options.fail_if_no_peer_cert = false',
      'management.tcp.ip = 127.0.0.1',
      `management.tcp.port = ${managementPort}`,
      '',
    ].join('\n'),
  );
  // An empty env file replaces /etc/rabbitmq/rabbitmq-env.conf, which the scripts would
  // otherwise source and which may set NODENAME, ports or dirs for the system broker.
  await writeFile(join(dir, 'rabbitmq-env.conf'), '');
  const pidFile = join(dir, 'rabbit.pid');
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    // The Erlang cookie is created in and read from $HOME; the CLI must see the same one.
    HOME: home,
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_PID_FILE: pidFile,
    // Keep the distribution listener on loopback, for the broker and for the CLI tools.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_CTL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    // The CLI tools otherwise all listen in the fixed range 35672-35682, shared with
    // every other RabbitMQ CLI on the machine; give ours a port of its own.
    RABBITMQ_CTL_DIST_PORT_MIN: String(ctlDistPort),
    RABBITMQ_CTL_DIST_PORT_MAX: String(ctlDistPort),
    // Our own epmd: the default 4369 may belong to a system or a developer's broker.
    ERL_EPMD_ADDRESS: '127.0.0.1',
    ERL_EPMD_PORT: String(epmdPort),
  };
  return {
    dir,
    nodeName,
    amqpPort,
    amqpsPort,
    tls,
    managementPort,
    distPort,
    ctlDistPort,
    epmdPort,
    env,
    pidFile,
    logFile: join(dir, 'rabbitmq.log'),
  };
}

function runCli(layout: Layout, tool: 'rabbitmqctl' | 'rabbitmq-plugins', args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      join(BIN, tool),
      ['-n', layout.nodeName, ...args],
      { env: layout.env, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function managementAnswers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/api/overview`, {
    headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
    signal: AbortSignal.timeout(2_000),
  });
  await response.body?.cancel();
  return response.status === 200;
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(pidFile, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function startRabbitMq(options: StartRabbitMqOptions = {}): Promise<RabbitMq> {
  await ensureDebianPackages(RABBITMQ_PACKAGES);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const layout = await prepare(options.baseDir);
  const managementUrl = `http://127.0.0.1:${layout.managementPort}`;

  let epmd: ManagedProcess | undefined;
  let server: ManagedProcess | undefined;
  let beamPid: number | undefined;

  async function bootServer(): Promise<void> {
    const started = await startProcess({
      name: 'rabbitmq',
      command: join(BIN, 'rabbitmq-server'),
      args: [],
      env: layout.env,
      cwd: layout.dir,
      logFile: layout.logFile,
    });
    server = started;
    await waitFor(async () => (await managementAnswers(managementUrl)) && (await tcpAccepts(layout.amqpPort)) && (await tcpAccepts(layout.amqpsPort)), {
      timeoutMs,
      what: `RabbitMQ ${layout.nodeName} (management ${managementUrl}, AMQP port ${layout.amqpPort})`,
      process: started,
    });
    // The pid file is written early in boot, so it is there once the API answers.
    beamPid = await readPid(layout.pidFile);
  }

  async function stopServer(): Promise<void> {
    const current = server;
    if (!current) return;
    const pid = beamPid ?? (await readPid(layout.pidFile));
    if (!current.exited) {
      try {
        // `stop <pid_file>` waits until the VM has really exited, not just acknowledged.
        await runCli(layout, 'rabbitmqctl', ['stop', layout.pidFile], 20_000);
      } catch (error) {
        process.stderr.write(`[harness] ${(error as Error).message.split('\n')[0]}; killing the broker instead\n`);
      }
    }
    if (pid !== undefined) await killPid(pid, 5_000);
    await current.stop(5_000);
    await rm(layout.pidFile, { force: true });
    server = undefined;
    beamPid = undefined;
  }

  let stopping: Promise<void> | undefined;
  async function stopAll(): Promise<void> {
    try {
      await stopServer();
    } finally {
      // epmd last: the broker and rabbitmqctl find each other through it.
      await epmd?.stop(2_000);
      epmd = undefined;
      await removeUnlessKept(layout.dir, 'rabbitmq');
    }
  }

  try {
    epmd = await startProcess({
      name: 'epmd',
      command: 'epmd',
      args: ['-address', '127.0.0.1', '-port', String(layout.epmdPort)],
      env: layout.env,
      cwd: layout.dir,
      logFile: join(layout.dir, 'epmd.log'),
    });
    const epmdPort = layout.epmdPort;
    await waitFor(() => tcpAccepts(epmdPort), { timeoutMs: 10_000, what: `epmd on port ${epmdPort}`, process: epmd });
    await runCli(layout, 'rabbitmq-plugins', ['enable', '--offline', 'rabbitmq_management'], 60_000);
    await bootServer();
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }

  return {
    amqpUrl: `amqp://${USER}:${PASSWORD}@127.0.0.1:${layout.amqpPort}/`,
    amqpPort: layout.amqpPort,
    amqpsUrl: `amqps://${USER}:${PASSWORD}@localhost:${layout.amqpsPort}/`,
    amqpsPort: layout.amqpsPort,
    caFile: layout.tls.caFile,
    managementUrl,
    managementPort: layout.managementPort,
    user: USER,
    password: PASSWORD,
    nodeName: layout.nodeName,
    baseDir: layout.dir,
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
    async restart() {
      if (stopping) throw new Error('RabbitMQ harness: restart() after stop()');
      await stopServer();
      await bootServer();
    },
    pid() {
      return server && !server.exited ? beamPid : undefined;
    },
  };
}

/** The broker's log so far, for assertions or diagnostics. */
export function rabbitMqLog(rabbit: Pick<RabbitMq, 'baseDir'>, maxLines = 40): Promise<string> {
  return tailFile(join(rabbit.baseDir, 'rabbitmq.log'), maxLines);
}
