import { connect } from 'node:net';

/**
 * Sends a ZooKeeper four-letter command (ruok, srvr, mntr, envi, ...) and returns the
 * whole answer. The server closes the connection after answering, so "end" marks the
 * end of the reply; a command missing from 4lw.commands.whitelist gets a
 * "... is not executed because it is not in the whitelist." text instead.
 */
export function fourLetterWord(port: number, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer to "${command}" within ${timeoutMs} ms`));
    });
    socket.once('connect', () => socket.end(command));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
