import { describe, expect, it } from 'vitest';
import { celeryTasksQuery, deploymentCreateInput, tenantCreateInput } from './schemas.ts';
import { notificationEventsQuery } from './notification-schemas.ts';

const firstIssue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  const issue = result.error?.issues[0];
  return issue && { field: issue.path.join('.'), message: issue.message };
};

describe('names a person types', () => {
  it('refuse control characters and lone surrogates', () => {
    for (const name of ['a\u0000b', 'a\u001b[31mred', 'bell\u0007', 'two\nlines', 'c1\u0085', 'del\u007f']) {
      expect(firstIssue(tenantCreateInput.safeParse({ name })), JSON.stringify(name)).toEqual({
        field: 'name',
        message: 'must not contain control characters (such as NUL, ESC or a line break)',
      });
    }
    for (const name of ['a\ud800b', 'a\udc00', '\ud83d']) {
      expect(firstIssue(tenantCreateInput.safeParse({ name })), JSON.stringify(name)).toEqual({
        field: 'name',
        message: 'must be valid Unicode text (it holds half of a surrogate pair)',
      });
    }
  });

  it('accept any other Unicode text, astral characters included', () => {
    for (const name of ['Acme Corp', 'Zürich – prod', '東京', 'rocket 🚀']) expect(tenantCreateInput.safeParse({ name }).success, name).toBe(true);
  });

  it('apply to deployment names and the other free-text fields of a deployment', () => {
    expect(firstIssue(deploymentCreateInput.safeParse({ tenantId: 1, name: 'prod\u0000' }))?.field).toBe('name');
    expect(firstIssue(deploymentCreateInput.safeParse({ tenantId: 1, name: 'p', broker: { url: 'amqp://h/\u0000' } }))?.field).toBe('broker.url');
    expect(firstIssue(deploymentCreateInput.safeParse({ tenantId: 1, name: 'p', broker: { url: 'amqp://h/', tls: { caPath: '/etc/ca\u0000.pem' } } }))?.field).toBe(
      'broker.tls.caPath',
    );
  });
});

describe('sizes', () => {
  it('cap URLs, host lists, paths and passwords, saying the limit', () => {
    const long = 'h'.repeat(5000);
    const cases: [unknown, string, string][] = [
      [{ url: `amqp://${long}:5672/` }, 'broker.url', 'must be at most 2048 characters'],
      [{ url: 'amqp://h/', managementUrl: `http://${long}` }, 'broker.managementUrl', 'must be at most 2048 characters'],
      [{ url: 'amqp://h/', password: long }, 'broker.password', 'must be at most 1024 characters'],
      [{ url: 'amqp://h/', tls: { caPath: `/${long}` } }, 'broker.tls.caPath', 'must be at most 4096 characters'],
    ];
    for (const [broker, field, message] of cases) {
      expect(firstIssue(deploymentCreateInput.safeParse({ tenantId: 1, name: 'p', broker })), field).toEqual({ field, message });
    }
    expect(firstIssue(deploymentCreateInput.safeParse({ tenantId: 1, name: 'p', zookeeper: { hosts: `${long}:2181` } }))).toEqual({
      field: 'zookeeper.hosts',
      message: 'must be at most 2048 characters',
    });
  });
});

describe('time windows and cursors', () => {
  it('refuse a window whose until is not after its since, naming until', () => {
    for (const schema of [celeryTasksQuery, notificationEventsQuery]) {
      const backwards = schema.safeParse({ deploymentId: 1, since: '2026-12-04T12:00:00Z', until: '2026-12-04T11:00:00Z' });
      expect(backwards.success).toBe(false);
      expect(backwards.error?.issues[0]).toMatchObject({ message: 'must be after since', path: ['until'] });
      expect(schema.safeParse({ deploymentId: 1, since: '2026-12-04T11:00:00Z', until: '2026-12-04T12:00:00Z' }).success).toBe(true);
      expect(schema.safeParse({ deploymentId: 1, until: '2026-12-04T11:00:00Z' }).success).toBe(true);
    }
  });

  it('refuse a cursor no page ever gave (a time past any real one)', () => {
    expect(celeryTasksQuery.safeParse({ deploymentId: 1, before: '9999999999999999999:abc' }).success).toBe(false);
    expect(celeryTasksQuery.safeParse({ deploymentId: 1, before: '1764849600000:0f8d…' }).success).toBe(true);
    expect(notificationEventsQuery.safeParse({ deploymentId: 1, before: '99999999999999999999:1' }).success).toBe(false);
    expect(notificationEventsQuery.safeParse({ deploymentId: 1, before: '1764849600000000:42' }).success).toBe(true);
  });
});
