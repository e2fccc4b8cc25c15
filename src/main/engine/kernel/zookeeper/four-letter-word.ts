import { connect } from 'node:net';

/**
 * Sends a ZooKeeper four-letter command ("srvr", "ruok", …) and returns the whole answer:
 * the server writes it and closes the socket. A command missing from the server's
 * 4lw.commands.whitelist still answers, with "… is not executed because it is not in the whitelist.".
 */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
