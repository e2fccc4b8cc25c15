import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkManagement } from './management-check.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('checkManagement', () => {
  const servers: Server[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  const serve = async (handler: Handler): Promise<{ url: string; where: string; requests: IncomingMessage[] }> => {
    const requests: IncomingMessage[] = [];
    const server = createServer((request, response) => {
      requests.push(request);
      handler(request, response);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}`, where: `127.0.0.1:${port}`, requests };
  };

  const json = (status: number, body: unknown): Handler => (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  it('reports the version and cluster, after asking /api/overview with basic auth', async () => {
    const server = await serve(json(200, { rabbitmq_version: '3.10.8', cluster_name: 'c', erlang_version: '25.0' }));
    const detail = await checkManagement({ url: server.url, user: 'monitor', password: 'p@ss:w' }, 2000);
    expect(detail).toBe(`RabbitMQ 3.10.8 management API at ${server.where}, cluster c, Erlang 25.0.`);
    const request = server.requests[0];
    expect(request?.url).toBe('/api/overview');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('monitor:p@ss:w').toString('base64')}`);
  });

  it('keeps a path prefix of the management URL', async () => {
    const server = await serve(json(200, { rabbitmq_version: '3.12.0' }));
    for (const suffix of ['/rabbitmq', '/rabbitmq/']) {
      await checkManagement({ url: `${server.url}${suffix}`, user: 'u', password: 'p' }, 2000);
    }
    expect(server.requests.map((request) => request.url)).toEqual(['/rabbitmq/api/overview', '/rabbitmq/api/overview']);
  });

  it('names the user refused with 401', async () => {
    const server = await serve(json(401, { error: 'not_authorised' }));
    await expect(checkManagement({ url: server.url, user: 'monitor', password: 'bad' }, 2000)).rejects.toThrow(
      `The management API at ${server.where} refused user "monitor": wrong user name or password.`,
    );
  });

  it('explains a 403 as a missing tag and a 404 as a wrong path', async () => {
    const forbidden = await serve(json(403, {}));
    await expect(checkManagement({ url: forbidden.url, user: 'celery', password: 'p' }, 2000)).rejects.toThrow(/"monitoring" or "management" tag/);
    const missing = await serve(json(404, {}));
    await expect(checkManagement({ url: missing.url, user: 'celery', password: 'p' }, 2000)).rejects.toThrow(
      /No RabbitMQ management API at \/api\/overview/,
    );
    const broken = await serve(json(502, {}));
    await expect(checkManagement({ url: broken.url, user: 'celery', password: 'p' }, 2000)).rejects.toThrow(/answered HTTP 502\.$/);
  });

  it('says a body that is not JSON is not the management API', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>hello</html>');
    });
    await expect(checkManagement({ url: server.url, user: 'u', password: 'p' }, 2000)).rejects.toThrow(/not JSON/);
  });

  it('says JSON without rabbitmq_version is not RabbitMQ', async () => {
    const server = await serve(json(200, { status: 'ok' }));
    await expect(checkManagement({ url: server.url, user: 'u', password: 'p' }, 2000)).rejects.toThrow(/without a rabbitmq_version/);
  });

  it('does not follow a redirect', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/api/overview') {
        response.writeHead(302, { location: '/elsewhere' });
        response.end();
      } else json(200, { rabbitmq_version: '1.0' })(request, response);
    });
    await expect(checkManagement({ url: server.url, user: 'u', password: 'p' }, 2000)).rejects.toThrow(/HTTP 302/);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server that never answers, within the timeout', async () => {
    const server = await serve(() => {});
    await expect(checkManagement({ url: server.url, user: 'u', password: 'p' }, 300)).rejects.toThrow(
      `No answer from ${server.where} within 0.3 s`,
    );
  });

  it('says a closed port refused the connection', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createTcpServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    await expect(checkManagement({ url: `http://127.0.0.1:${port}/`, user: 'u', password: 'p' }, 1000)).rejects.toThrow(
      `Connection refused by 127.0.0.1:${port}`,
    );
  });
});

describe('checkManagement on a port fetch refuses', () => {
  it('names the port and what to do, instead of "fetch failed"', async () => {
    await expect(checkManagement({ url: 'http://127.0.0.1:6000', user: 'guest', password: 'guest' }, 1000)).rejects.toThrow(
      /^Tach cannot call 127\.0\.0\.1:6000: web clients refuse port 6000 for safety/,
    );
  });
});
