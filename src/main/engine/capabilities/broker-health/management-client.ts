import { describeNetworkError } from '../../kernel/connections/network-error.ts';
import type { ManagementCheckTarget } from '../../kernel/connections/management-check.ts';

/**
 * GETs JSON from a RabbitMQ management API with basic auth. Every failure is an Error whose
 * message is one sentence for the operator (unreachable, wrong credentials, missing tag).
 */
export async function managementGet(target: ManagementCheckTarget, path: string, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  const base = new URL(target.url);
  const where = `${base.hostname}:${base.port || (base.protocol === 'https:' ? 443 : 80)}`;
  const url = new URL(path, base.href.endsWith('/') ? base.href : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`,
        accept: 'application/json',
      },
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    throw new Error(`Management API: ${describeNetworkError(error, where, timeoutMs)}`, { cause: error });
  }
  if (response.status === 401) throw new Error(`The management API at ${where} refused user "${target.user}": wrong user name or password.`);
  if (response.status === 403) throw new Error(`User "${target.user}" may not read ${url.pathname} at ${where}: give it the "monitoring" tag.`);
  if (response.status === 404 || response.status === 406) throw new Error(`No RabbitMQ management API at ${url.pathname} on ${where}.`);
  if (!response.ok) throw new Error(`The management API at ${where} answered HTTP ${response.status} to ${url.pathname}.`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${where} answered ${url.pathname}, but not with JSON: is it the RabbitMQ management API?`);
  }
}
