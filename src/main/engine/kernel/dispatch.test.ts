import { describe, expect, it, vi } from 'vitest';
import { DomainError } from './domain-error.ts';
import { createDispatch } from './dispatch.ts';
import type { Handlers } from './handler-types.ts';
import type { Logger } from './logging/logger.ts';

function spyLogger(): Logger & { error: ReturnType<typeof vi.fn> } {
  const log = {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
    child: () => log,
    close: async () => {},
  };
  return log;
}

/** Handlers where every channel fails loudly unless a test gives it a body. */
function handlers(overrides: Partial<Handlers>): Handlers {
  const unexpected = () => {
    throw new Error('unexpected call');
  };
  const base = Object.fromEntries(
    [
      'app.info',
      'tenants.list',
      'tenants.get',
      'tenants.create',
      'tenants.update',
      'tenants.remove',
      'deployments.list',
      'deployments.get',
      'deployments.create',
      'deployments.update',
      'deployments.remove',
      'deployments.test',
      'connections.testDraft',
      'dialog.pickFile',
    ].map((channel) => [channel, unexpected]),
  ) as unknown as Handlers;
  return { ...base, ...overrides };
}

describe('createDispatch', () => {
  it('passes the parsed (trimmed) input to the handler and wraps its value', async () => {
    const create = vi.fn((input: { name: string }) => ({ id: 1, name: input.name, createdAt: '', deploymentCount: 0 }));
    const dispatch = createDispatch(handlers({ 'tenants.create': create }), spyLogger());
    expect(await dispatch('tenants.create', { name: '  Acme ' })).toEqual({
      ok: true,
      value: { id: 1, name: 'Acme', createdAt: '', deploymentCount: 0 },
    });
    expect(create).toHaveBeenCalledWith({ name: 'Acme' });
  });

  it('accepts absent, null and {} for a channel that takes nothing, and refuses anything else', async () => {
    const list = vi.fn(() => []);
    const dispatch = createDispatch(handlers({ 'tenants.list': list }), spyLogger());
    for (const input of [undefined, null, {}]) expect(await dispatch('tenants.list', input)).toEqual({ ok: true, value: [] });
    expect(list).toHaveBeenCalledTimes(3);
    expect(list).toHaveBeenCalledWith(undefined);

    const extra = await dispatch('tenants.list', { page: 2 });
    expect(extra).toEqual({ ok: false, error: { code: 'invalid_input', message: 'unknown field "page"', field: 'page' } });
    const wrongType = await dispatch('tenants.list', 'all');
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.code).toBe('invalid_input');
      expect(wrongType.error.field).toBeUndefined();
      expect(wrongType.error.message).toMatch(/^The request body /);
    }
  });

  it('names the field of the first problem with its dotted path', async () => {
    const dispatch = createDispatch(handlers({}), spyLogger());
    const result = await dispatch('deployments.create', { tenantId: 1, name: 'x', broker: { url: 'ftp://h' } });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'must start with amqp:// or amqps://', field: 'broker.url' },
    });
    const id = await dispatch('tenants.get', { id: -3 });
    expect(id).toEqual({ ok: false, error: { code: 'invalid_input', message: 'must be positive', field: 'id' } });
  });

  it('turns a DomainError into its code, message and field', async () => {
    const dispatch = createDispatch(
      handlers({
        'tenants.get': () => {
          throw new DomainError('conflict', 'Taken.', 'name');
        },
      }),
      spyLogger(),
    );
    expect(await dispatch('tenants.get', { id: 1 })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Taken.', field: 'name' },
    });
  });

  it('logs an unexpected error in full and answers only a generic message', async () => {
    const log = spyLogger();
    const boom = new Error('SQLITE_CORRUPT at /secret/path');
    const dispatch = createDispatch(
      handlers({
        'tenants.get': async () => {
          throw boom;
        },
      }),
      log,
    );
    const result = await dispatch('tenants.get', { id: 1 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Tach hit an unexpected error; the details are in its log.' },
    });
    expect(JSON.stringify(result)).not.toContain('SQLITE_CORRUPT');
    expect(log.error).toHaveBeenCalledWith('request failed', { channel: 'tenants.get', err: boom });
  });

  it('refuses unknown channels, including inherited object keys, without calling anything', async () => {
    const dispatch = createDispatch(handlers({}), spyLogger());
    for (const channel of ['nope', 'constructor', 'toString', '']) {
      const result = await dispatch(channel, {});
      expect(result.ok ? undefined : result.error.code, channel).toBe('unknown_channel');
    }
  });
});
