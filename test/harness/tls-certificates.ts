import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  /** The throwaway CA that signed the server certificate: what a client trusts. */
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A private CA and a server certificate for localhost and 127.0.0.1, made with openssl for one
 * harness run (about 0.2 s), so TLS is tested for real: trusted with the CA file, refused without.
 */
export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.pem'), '-days', '2', '-subj', '/CN=Tach test CA');
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost');
  await writeFile(
    path('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  await openssl('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path('server.pem'), '-days', '2', '-extfile', path('server.ext'));
  return { caFile: path('ca.pem'), certFile: path('server.pem'), keyFile: path('server.key') };
}
