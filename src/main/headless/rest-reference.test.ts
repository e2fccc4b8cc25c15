import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { silentLogger } from '../engine/kernel/logging/logger.ts';
import { KeyFileCipher } from '../engine/kernel/secrets/key-file-cipher.ts';
import { SecretBox } from '../engine/kernel/secrets/secret-box.ts';
import { createServer } from './server.ts';

const REFERENCE = new URL('../../../docs/rest-api.md', import.meta.url);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The routes scripts use, which docs/rest-api.md must name: the REST API, Canary's API and the Prometheus exposition. */
const isPublic = (path: string) => path.startsWith('/api/') || path.startsWith('/v1.0/') || path === '/metrics';

/** fastify's `:id` as the reference writes it, `{id}`. */
const documentedForm = (url: string) => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/**
 * Every route of the server, "METHOD /path", read from fastify's own route table (printRoutes:
 * a tree whose nodes add a segment to their parent's path), whoever declared the routes and however.
 * HEAD is left out: fastify adds it to every GET.
 */
function routeTable(server: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  const pathAt: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const node = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) throw new Error(`Unexpected line in fastify's route table: ${JSON.stringify(line)}`);
    const depth = (node[1] ?? '').length / 4;
    pathAt.length = depth;
    const segment = node[2] ?? '';
    // The root's children are written without the root's "/" when they do not start with one (the static files' "*").
    const path = depth > 0 ? (pathAt[depth - 1] ?? '') + segment : segment.startsWith('/') ? segment : `/${segment}`;
    pathAt[depth] = path;
    for (const method of (node[3] ?? '').split(', ').filter((name) => name !== '' && name !== 'HEAD')) {
      // A parse that invents a route must not pass for the table: fastify confirms each one.
      if (!server.hasRoute({ method: method as HTTPMethods, url: path })) throw new Error(`Parsed ${method} ${path}, which fastify does not know.`);
      routes.add(`${method} ${documentedForm(path)}`);
    }
  }
  return routes;
}

/**
 * What the reference names: each route is a heading "### METHOD /path" (one per route, `{param}`
 * for a path parameter). A heading that starts with a method but is not in that form is an error,
 * so a typo never hides a route from the check.
 */
function documentedRoutes(markdown: string): { routes: string[]; malformed: string[] } {
  const routes: string[] = [];
  const malformed: string[] = [];
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const text = (heading[1] ?? '').trim();
    if (!METHODS.some((method) => text.startsWith(`${method} `) || text.startsWith(`\`${method} `))) continue;
    const route = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS) (\/[A-Za-z0-9_.{}/-]*)$/.exec(text);
    if (route) routes.push(`${route[1]} ${route[2]}`);
    else malformed.push(line);
  }
  return { routes, malformed };
}

describe('docs/rest-api.md', () => {
  let dir: string;
  let server: FastifyInstance;
  let table: Set<string>;
  let documented: { routes: string[]; malformed: string[] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tach-rest-reference-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    // The route table needs the server built, not the engine running: nothing is requested.
    const engine = new Engine({ dataDir: join(dir, 'data'), door: 'headless', version: 'test', log: silentLogger(), secrets: new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7))) });
    server = await createServer({ engine, log: silentLogger(), rendererDir: join(dir, 'renderer'), token: undefined });
    await server.ready();
    table = routeTable(server);
    documented = documentedRoutes(readFileSync(REFERENCE, 'utf8'));
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a route table that holds the routes scripts use', () => {
    // A parser gone wrong (or a server built differently) must not make the checks below vacuous.
    expect([...table].filter((route) => isPublic(route.slice(route.indexOf(' ') + 1))).length).toBeGreaterThan(40);
    expect(table).toContain('GET /api/v1/deployments/{id}/tasks/{uuid}');
    expect(table).toContain('POST /api/v1/deployments/{id}/inspect/{method}');
    expect(table).toContain('GET /metrics');
  });

  it('writes every route heading as "METHOD /path"', () => {
    expect(documented.malformed).toEqual([]);
  });

  it('names every route under /api/, /v1.0/ and /metrics', () => {
    const undocumented = [...table].filter((route) => isPublic(route.slice(route.indexOf(' ') + 1)) && !documented.routes.includes(route));
    expect(undocumented).toEqual([]);
  });

  it('names only routes that exist, each once', () => {
    expect(documented.routes.filter((route) => !table.has(route))).toEqual([]);
    expect(documented.routes.filter((route, index) => documented.routes.indexOf(route) !== index)).toEqual([]);
  });
});
