import { spawn, type ChildProcess } from 'node:child_process';
import { headlessEngineArgs } from '../../src/main/headless/engine-process.ts';

const READY = /Tach headless console ready at (http:\/\/\S+) \(data:/;

export interface HeadlessProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Runs `src/main/headless/cli.ts` as its own process (as `npm run serve` does) and waits for its ready line. */
export function startHeadlessProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<HeadlessProcess> {
  const child = spawn(process.execPath, headlessEngineArgs(args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1]) {
        resolve({
          url: match[1],
          child,
          output: () => output,
          async stop(graceMs = 10_000) {
            if (child.exitCode !== null) return child.exitCode;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const code = await exited;
            clearTimeout(timer);
            return code;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`headless exited with ${code} before it was ready:\n${output}`)));
  });
}

/** Runs the CLI expecting it to refuse to start; resolves with its exit code and output. */
export function runHeadlessExpectingFailure(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, headlessEngineArgs(args), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}
