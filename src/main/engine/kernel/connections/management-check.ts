import { describeNetworkError } from './network-error.ts';

export interface ManagementCheckTarget {
  /** The management base URL without credentials. */
  url: string;
  user: string;
  password: string;
}

/** GETs /api/overview, the cheapest call that proves both reachability and credentials. */
export async function checkManagement(target: ManagementCheckTarget, timeoutMs: number): Promise<string> {
  const base = new URL(target.url);
  const where = `${base.hostname}:${base.port || (base.protocol === 'https:' ? 443 : 80)}`;
  const overviewUrl = new URL('api/overview', base.href.endsWith('/') ? base.href : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(overviewUrl, {
      headers: {
        authorization: `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`,
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    // fetch refuses the Fetch standard's "bad ports" (1, 6000, 6665-6669, 10080, …) before connecting.
    if ((error as { cause?: { message?: string } }).cause?.message === 'bad port') {
      throw new Error(
        `Tach cannot call ${where}: web clients refuse port ${base.port} for safety (the Fetch standard's "bad ports"). Serve the management API on another port (RabbitMQ's default is 15672).`,
        { cause: error },
      );
    }
    throw new Error(describeNetworkError(error, where, timeoutMs), { cause: error });
  }
  if (response.status === 401) {
    throw new Error(`The management API at ${where} refused user "${target.user}": wrong user name or password.`);
  }
  if (response.status === 403) {
    throw new Error(
      `User "${target.user}" may not use the management API at ${where}: give it the "monitoring" or "management" tag.`,
    );
  }
  // The plugin answers 406 rather than 404 when a JSON request lands on a non-API path.
  if (response.status === 404 || response.status === 406) {
    throw new Error(`No RabbitMQ management API at ${overviewUrl.pathname} on ${where} (is the path right and the plugin enabled?).`);
  }
  if (!response.ok) throw new Error(`The management API at ${where} answered HTTP ${response.status}.`);
  let overview: Record<string, unknown>;
  try {
    overview = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new Error(`${where} answered, but not with the RabbitMQ management API (the body is not JSON).`);
  }
  const rabbit = overview.rabbitmq_version;
  if (typeof rabbit !== 'string') {
    throw new Error(`${where} answered JSON without a rabbitmq_version: not a RabbitMQ management API.`);
  }
  const cluster = typeof overview.cluster_name === 'string' ? `, cluster ${overview.cluster_name}` : '';
  const erlang = typeof overview.erlang_version === 'string' ? `, Erlang ${overview.erlang_version}` : '';
  return `RabbitMQ ${rabbit} management API at ${where}${cluster}${erlang}.`;
}
