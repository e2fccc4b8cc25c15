import { describe, expect, it } from 'vitest';
import type { ConnectionChecks, Deployment } from '../../../../shared/domain/types.ts';
import { PASSWORD, closedPort, errorOf, useDeploymentEngine, value } from './deployment-test-engine.ts';

// Connection checks kept with a deployment, removal, and the events the doors are told.
describe('deployment checks, removal and events', () => {
  const t = useDeploymentEngine();

  describe('checks', () => {
    it('saves failed checks against closed ports, then forgets only the broker check when the broker URL changes', async () => {
      const [brokerPort, zkPort] = [await closedPort(), await closedPort()];
      const created = await t.create({
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/` },
        zookeeper: { hosts: `127.0.0.1:${zkPort}` },
      });

      const checks = value<ConnectionChecks>(await t.engine.dispatch('deployments.test', { id: created.id }));
      expect(checks.broker?.ok).toBe(false);
      expect(checks.broker?.detail).toMatch(/refused/i);
      expect(checks.broker?.detail).not.toContain(PASSWORD);
      expect(checks.zookeeper?.ok).toBe(false);
      expect(checks.zookeeper?.detail).toMatch(/refused/i);
      expect(t.events).toContainEqual({ event: 'deployment.checked', payload: { deploymentId: created.id, checks } });

      const stored = value<Deployment>(await t.engine.dispatch('deployments.get', { id: created.id }));
      expect(stored.checks).toEqual(checks);

      const moved = await t.update({ id: created.id, broker: { url: `amqp://celery@127.0.0.1:${brokerPort + 1}/` } });
      expect(moved.checks.broker).toBeUndefined();
      expect(moved.checks.zookeeper).toEqual(checks.zookeeper);

      const renamed = await t.update({ id: created.id, name: 'renamed' });
      expect(renamed.checks.zookeeper).toEqual(checks.zookeeper);

      const zkMoved = await t.update({ id: created.id, zookeeper: { hosts: `127.0.0.1:${zkPort + 1}` } });
      expect(zkMoved.checks).toEqual({});
    });

    it('uses the management URL’s own user, and the broker’s credentials when it names none', async () => {
      const brokerPort = await closedPort();
      const management = await t.recordingManagement();
      const own = await t.create({
        name: 'own',
        broker: {
          url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`,
          managementUrl: management.url.replace('http://', 'http://monitor:m0n-pw@'),
        },
      });
      const borrowed = await t.create({
        name: 'borrowed',
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`, managementUrl: management.url },
      });

      const ownChecks = value<ConnectionChecks>(await t.engine.dispatch('deployments.test', { id: own.id }));
      expect(ownChecks.management).toMatchObject({ ok: true });
      expect(ownChecks.management?.detail).toContain('RabbitMQ 3.13.0');
      const borrowedChecks = value<ConnectionChecks>(await t.engine.dispatch('deployments.test', { id: borrowed.id }));
      expect(borrowedChecks.management?.ok).toBe(true);

      expect(management.seen).toEqual(['monitor:m0n-pw', `celery:${PASSWORD}`]);
    });

    it('testDraft lends the stored password to a masked URL, and uses a typed one instead', async () => {
      const brokerPort = await closedPort();
      const management = await t.recordingManagement();
      const created = await t.create({
        broker: { url: `amqp://celery:${PASSWORD}@127.0.0.1:${brokerPort}/`, managementUrl: management.url },
      });
      const masked = created.broker?.url ?? '';

      const lent = value<ConnectionChecks>(
        await t.engine.dispatch('connections.testDraft', {
          deploymentId: created.id,
          broker: { url: masked, managementUrl: management.url },
        }),
      );
      expect(lent.management?.ok).toBe(true);
      value(
        await t.engine.dispatch('connections.testDraft', {
          deploymentId: created.id,
          broker: { url: masked, managementUrl: management.url, password: 'typed' },
        }),
      );
      // Without a deployment to lend from, the mask is no password at all: the default user's.
      value(await t.engine.dispatch('connections.testDraft', { broker: { url: masked, managementUrl: management.url } }));

      expect(management.seen).toEqual([`celery:${PASSWORD}`, 'celery:typed', 'celery:guest']);
      // A draft test saves nothing.
      expect(value<Deployment>(await t.engine.dispatch('deployments.get', { id: created.id })).checks).toEqual({});
    });
  });

  describe('remove and events', () => {
    it('announces created, updated and removed deployments, and removes', async () => {
      const created = await t.create({ zookeeper: { hosts: 'zk:2181' } });
      await t.update({ id: created.id, name: 'prod-2' });
      expect(value(await t.engine.dispatch('deployments.remove', { id: created.id }))).toEqual({ id: created.id });

      // A ZooKeeper also starts job board watching, with its own 'jobboards.changed' events.
      expect(t.events.filter((e) => e.event === 'entities.changed')).toEqual([
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'created' } },
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'updated' } },
        { event: 'entities.changed', payload: { kind: 'deployment', id: created.id, action: 'removed' } },
      ]);
      expect(errorOf(await t.engine.dispatch('deployments.get', { id: created.id })).code).toBe('not_found');
      expect(errorOf(await t.engine.dispatch('deployments.remove', { id: created.id })).code).toBe('not_found');
    });

    it('lists a tenant’s deployments by name, and refuses an unknown tenant', async () => {
      await t.create({ name: 'b' });
      await t.create({ name: 'a' });
      const list = value<Deployment[]>(await t.engine.dispatch('deployments.list', { tenantId: t.tenant.id }));
      expect(list.map((deployment) => deployment.name)).toEqual(['a', 'b']);
      expect(errorOf(await t.engine.dispatch('deployments.list', { tenantId: 999 })).code).toBe('not_found');
    });
  });
});
