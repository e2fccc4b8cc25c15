import { describe, expect, it } from 'vitest';
import { brokerTarget } from '../deployments/connection-urls.ts';
import { describeAmqpError } from './describe-amqp-error.ts';

const where = brokerTarget('amqp://celery:secret@rabbit:5672/prod');

describe('describeAmqpError', () => {
  it('says authentication failed, naming the user and never the password', () => {
    const text = describeAmqpError(new Error('Handshake terminated by server: 403 (ACCESS-REFUSED) with message "…"'), where, 5000);
    expect(text).toBe('Authentication failed for user "celery" at rabbit:5672: wrong user name or password.');
  });

  it('names a vhost the broker refused', () => {
    const text = describeAmqpError(new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'), where, 5000);
    expect(text).toBe('Virtual host "prod" does not exist at rabbit:5672, or user "celery" has no access to it.');
  });

  it('falls back to the network sentence', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(describeAmqpError(refused, where, 5000)).toMatch(/^Connection refused by rabbit:5672/);
  });
});
