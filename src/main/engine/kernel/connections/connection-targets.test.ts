import { describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../secrets/key-file-cipher.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import type { DeploymentRecord } from '../deployments/deployment-store.ts';
import { targetsOf } from './connection-targets.ts';

const secrets = new SecretBox(new KeyFileCipher(Buffer.alloc(32, 7)));

const record = (fields: Partial<DeploymentRecord>): DeploymentRecord => ({
  id: 1,
  tenantId: 1,
  name: 'prod',
  createdAt: '',
  updatedAt: '',
  brokerUrl: null,
  brokerPassword: null,
  managementUrl: null,
  managementPassword: null,
  tlsCaPath: null,
  tlsVerify: true,
  zookeeperHosts: null,
  settings: '{}',
  ...fields,
});

describe('targetsOf', () => {
  it('has nothing to check for an empty deployment, and only ZooKeeper when only it is set', () => {
    expect(targetsOf(record({}), secrets)).toEqual({});
    expect(targetsOf(record({ zookeeperHosts: 'zk:2181/jobs' }), secrets)).toEqual({ zookeeper: 'zk:2181/jobs' });
  });

  it('puts the opened password back into the broker URL, with the TLS settings', () => {
    const targets = targetsOf(
      record({ brokerUrl: 'amqps://celery@rabbit/%2F', brokerPassword: secrets.seal('p@ss'), tlsCaPath: '/ca.pem', tlsVerify: false }),
      secrets,
    );
    expect(targets.broker).toEqual({ url: 'amqps://celery:p%40ss@rabbit/%2F', tls: { caPath: '/ca.pem', verify: false } });
  });

  it('uses the management URL’s own user and password, without them in the URL', () => {
    const targets = targetsOf(
      record({
        brokerUrl: 'amqp://celery@rabbit/',
        brokerPassword: secrets.seal('broker-pw'),
        managementUrl: 'http://mon%40itor@rabbit:15672',
        managementPassword: secrets.seal('mgmt-pw'),
      }),
      secrets,
    );
    expect(targets.management).toEqual({ url: 'http://rabbit:15672/', user: 'mon@itor', password: 'mgmt-pw' });
  });

  it('lends the broker credentials to a management URL without a user', () => {
    const targets = targetsOf(
      record({ brokerUrl: 'amqp://celery@rabbit/', brokerPassword: secrets.seal('broker-pw'), managementUrl: 'http://rabbit:15672' }),
      secrets,
    );
    expect(targets.management).toEqual({ url: 'http://rabbit:15672/', user: 'celery', password: 'broker-pw' });

    const guest = targetsOf(record({ brokerUrl: 'amqp://rabbit/', managementUrl: 'http://rabbit:15672' }), secrets);
    expect(guest.management).toEqual({ url: 'http://rabbit:15672/', user: 'guest', password: 'guest' });
  });

  it('turns a password it cannot open into a problem to report, not a crash', () => {
    const desktopSealed = 'safestorage:abcdef';
    const targets = targetsOf(
      record({ brokerUrl: 'amqp://celery@rabbit/', brokerPassword: desktopSealed, managementUrl: 'http://rabbit:15672' }),
      secrets,
    );
    expect(targets.broker).toEqual({ problem: expect.stringContaining('desktop app’s system keychain') });
    expect(targets.management).toEqual({ problem: expect.stringContaining('desktop app’s system keychain') });
  });
});
