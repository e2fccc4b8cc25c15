import type { ProvidedRabbit } from '../harness/provided-context.ts';

/** Calls the harness broker's management API as guest (to set up users, vhosts, …). */
export async function management(rabbit: ProvidedRabbit, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${rabbit.managementUrl}/api/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${rabbit.user}:${rabbit.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 400) throw new Error(`${method} /api/${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** A user with full rights on a fresh vhost, so tests prove credentials and vhosts travel correctly. */
export async function createUserAndVhost(rabbit: ProvidedRabbit, user: string, password: string, vhost: string): Promise<void> {
  await management(rabbit, 'PUT', `vhosts/${encodeURIComponent(vhost)}`);
  await management(rabbit, 'PUT', `users/${encodeURIComponent(user)}`, { password, tags: 'monitoring' });
  await management(rabbit, 'PUT', `permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
}
