import { describe, expect, it } from 'vitest';
import type { ConnectionCheck } from '../../../shared/domain/types.ts';
import { overallStatus } from './connection-kinds.ts';

const check = (ok: boolean): ConnectionCheck => ({ ok, detail: '', checkedAt: '2025-06-01T12:00:00Z', elapsedMs: 3 });
const broker = { managementUrl: 'http://rabbit1:15672' };

describe('overallStatus', () => {
  it('is grey when nothing was ever tested', () => {
    expect(overallStatus({ broker, zookeeper: null, checks: {} })).toBe('untested');
  });

  it('is red when any configured connection failed', () => {
    expect(overallStatus({ broker, zookeeper: null, checks: { broker: check(true), management: check(false) } })).toBe('fail');
  });

  it('is green when every check there is passed', () => {
    expect(overallStatus({ broker, zookeeper: { hosts: 'zk1' }, checks: { broker: check(true), management: check(true) } })).toBe('ok');
  });

  it('ignores a leftover check of a connection that is no longer configured', () => {
    expect(overallStatus({ broker, zookeeper: null, checks: { broker: check(true), zookeeper: check(false) } })).toBe('ok');
  });
});
