import { describe, expect, it } from 'vitest';
import { COMMANDS, isDestructive, validateCommandArguments } from './commands.ts';

const INSPECT = ['ping', 'stats', 'active', 'scheduled', 'reserved', 'revoked', 'registered', 'active_queues', 'conf', 'query_task', 'clock', 'report'];
const CONTROL = [
  'enable_events', 'disable_events', 'heartbeat', 'revoke', 'rate_limit', 'time_limit', 'add_consumer',
  'cancel_consumer', 'autoscale', 'pool_grow', 'pool_shrink', 'pool_restart', 'shutdown',
];

describe('the command catalogue', () => {
  it('lists the inspect and control commands with their kind', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...INSPECT, ...CONTROL].sort());
    for (const method of INSPECT) expect(COMMANDS[method as keyof typeof COMMANDS].kind).toBe('inspect');
    for (const method of CONTROL) expect(COMMANDS[method as keyof typeof COMMANDS].kind).toBe('control');
  });

  it('marks shutdown, pool_restart and a terminating revoke as destructive', () => {
    const destructive = Object.keys(COMMANDS).filter((method) => isDestructive(method, {}));
    expect(destructive.sort()).toEqual(['pool_restart', 'shutdown']);
    expect(isDestructive('revoke', { task_id: ['x'], terminate: true })).toBe(true);
    expect(isDestructive('revoke', { task_id: ['x'] })).toBe(false);
    expect(isDestructive('made_up', {})).toBe(true);
  });

  it('expects no reply to shutdown only', () => {
    expect(Object.entries(COMMANDS).filter(([, spec]) => !spec.replies).map(([method]) => method)).toEqual(['shutdown']);
  });
});

describe('validateCommandArguments', () => {
  const message = (method: string, args: unknown) => {
    const result = validateCommandArguments(method, args);
    return result.ok ? undefined : result.message;
  };

  it('returns the arguments, normalized', () => {
    expect(validateCommandArguments('ping', undefined)).toEqual({ ok: true, arguments: {} });
    expect(validateCommandArguments('revoke', { task_id: 'a', terminate: true, signal: 'kill' })).toEqual({
      ok: true,
      arguments: { task_id: ['a'], terminate: true, signal: 'KILL' },
    });
    expect(validateCommandArguments('rate_limit', { task_name: 'tach.add', rate_limit: '0.5/m' })).toMatchObject({ ok: true });
  });

  it('names the field in one sentence', () => {
    expect(message('ping', { x: 1 })).toBe('ping does not take "x"; it takes no arguments.');
    expect(message('rate_limit', { task_name: 'tach.add', rate_limit: 'fast' })).toBe(
      'rate_limit: "rate_limit" must be a rate such as 5/s, 10/m or 100/h (a number, optionally per s, m or h; 0 lifts the limit).',
    );
    expect(message('rate_limit', { rate_limit: '5/s' })).toBe('rate_limit needs "task_name": it must be a task name such as tach.add.');
    expect(message('revoke', { task_id: 'a', signal: 'TERM' })).toBe('revoke: "signal" only applies with terminate: true.');
    expect(message('revoke', { task_id: 'a', terminate: true, signal: 'NOPE' })).toBe('revoke: "signal" must be a signal name such as TERM or KILL.');
    expect(message('autoscale', { max: 2, min: 5 })).toBe('autoscale: "min" must not exceed max.');
    expect(message('time_limit', { task_name: 't', soft: 10, hard: 5 })).toMatch(/^time_limit: "soft" must not exceed the hard limit/);
    expect(message('add_consumer', { queue: 'x'.repeat(256) })).toBe('add_consumer: "queue" must be at most 255 bytes long.');
    expect(message('query_task', {})).toBe('query_task needs "ids": it must be a task id or a list of task ids.');
    expect(message('stats', 5)).toBe('stats takes an object of named arguments (no arguments).');
    expect(message('pool_grow', { n: 0 })).toBe('pool_grow: "n" must be at least 1.');
    expect(message('nope', {})).toBe('"nope" is not a Celery remote control command Tach knows.');
  });

  it('names the field apart, for a form to highlight', () => {
    expect(validateCommandArguments('autoscale', { max: 2, min: 5 })).toMatchObject({ ok: false, field: 'min' });
    expect(validateCommandArguments('ping', { extra: 1 })).toMatchObject({ ok: false, field: 'extra' });
  });
});
