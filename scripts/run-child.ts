import { spawn } from 'node:child_process';

/** Runs a child with our terminal, passes Ctrl-C/SIGTERM on, and exits with its code. */
export function runChild(command: string, args: string[], cwd: string): void {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
