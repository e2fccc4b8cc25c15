import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './ensure-packages.ts';

/** Debian's interpreter: the python3 first on PATH may not see python3-oslo.messaging. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/oslo_notifier.py', import.meta.url));

export interface NotifierOptions {
  url: string;
  driver: 'messaging' | 'messagingv2';
  topic?: string;
  durable?: boolean;
  requests?: number;
  /** Seconds between requests (each is three notifications). */
  delay?: number;
  errorEvery?: number;
  prefix?: string;
  /** The project id of every request (the fixture's own by default). */
  tenant?: string;
  /** The compute host: publisher `compute.<host>` (default host1). */
  host?: string;
}

export interface NotifierRun {
  /** Every message_id the driver accepted. */
  sent: string[];
  /** What oslo logged as failures (a PRECONDITION_FAILED would be here). */
  failed: string[];
  code: number | null;
}

export interface RunningNotifier {
  /** message_ids sent so far. */
  readonly sent: readonly string[];
  done: Promise<NotifierRun>;
}

/** Runs the real oslo.messaging notifier (test/harness/fixtures/oslo_notifier.py). */
export async function startNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  await ensureDebianPackages(['python3-oslo.messaging']);
  // oslo.messaging reads amqp:// as its AMQP 1.0 driver; RabbitMQ's is rabbit://.
  const url = options.url.replace(/^amqp:/, 'rabbit:');
  const args = [SCRIPT, '--url', url, '--driver', options.driver, '--topic', options.topic ?? 'monitor', '--requests', String(options.requests ?? 3)];
  if (options.durable) args.push('--durable');
  if (options.delay) args.push('--delay', String(options.delay));
  if (options.errorEvery) args.push('--error-every', String(options.errorEvery));
  if (options.prefix) args.push('--prefix', options.prefix);
  if (options.tenant) args.push('--tenant', options.tenant);
  if (options.host) args.push('--host', options.host);
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const sent: string[] = [];
  const failed: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('SENT ')) sent.push(line.slice(5).trim());
      else if (line.startsWith('FAILED ')) failed.push(line.slice(7));
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<NotifierRun>((resolve) => {
    child.on('exit', (code) => {
      if (code !== 0 && failed.length === 0) failed.push(`exit ${code}: ${stderr.slice(-2000)}`);
      resolve({ sent, failed, code });
    });
  });
  return { sent, done };
}

export async function runNotifier(options: NotifierOptions): Promise<NotifierRun> {
  return (await startNotifier(options)).done;
}
