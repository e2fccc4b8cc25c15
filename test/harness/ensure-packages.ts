import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const RABBITMQ_PACKAGES: readonly string[] = ['rabbitmq-server'];
export const ZOOKEEPER_PACKAGES: readonly string[] = ['zookeeper'];
export const BROWSER_PACKAGES: readonly string[] = ['chromium', 'xvfb', 'fonts-dejavu-core'];
export const PEER_PACKAGES: readonly string[] = ['python3-celery', 'python3-taskflow', 'python3-kazoo', 'python3-oslo.messaging'];
export const ALL_TEST_PACKAGES: readonly string[] = [
  ...RABBITMQ_PACKAGES,
  ...ZOOKEEPER_PACKAGES,
  ...BROWSER_PACKAGES,
  ...PEER_PACKAGES,
];

async function isInstalled(name: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync('dpkg-query', ['-W', '-f=${Status}', name]);
    // "deinstall ok config-files" also exits 0, so the status text has to be checked.
    return stdout.trim().endsWith(' installed');
  } catch {
    return false; // dpkg-query exits 1 for packages it has never heard of
  }
}

export async function missingDebianPackages(names: readonly string[]): Promise<string[]> {
  const installed = await Promise.all(names.map(isInstalled));
  return names.filter((_, index) => !installed[index]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Output goes to our stderr so a developer sees apt's progress, without polluting
    // the stdout of whatever script called us.
    const child = spawn(command, args, {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

// One `apt-get update` per process: the index does not change between two calls in a run.
let aptUpdated: Promise<void> | undefined;
// apt holds a lock, so concurrent installs (RabbitMQ and ZooKeeper starting together) queue here.
let installQueue: Promise<void> = Promise.resolve();

/**
 * Installs whatever of `names` is missing. As root it runs apt-get itself; otherwise it
 * throws an Error whose message is exactly the command to run.
 */
export async function ensureDebianPackages(names: readonly string[]): Promise<void> {
  const missing = await missingDebianPackages(names);
  if (missing.length === 0) return;
  const command = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) throw new Error(command);
  const install = installQueue.then(async () => {
    const stillMissing = await missingDebianPackages(missing);
    if (stillMissing.length === 0) return;
    process.stderr.write(`[harness] installing Debian packages: ${stillMissing.join(' ')}\n`);
    aptUpdated ??= run('apt-get', ['update']).catch((error: unknown) => {
      aptUpdated = undefined; // let a later call retry a failed update
      throw error;
    });
    await aptUpdated;
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...stillMissing]);
  });
  // Keep the queue usable after a failure; the caller still sees the error.
  installQueue = install.catch(() => undefined);
  await install;
}
