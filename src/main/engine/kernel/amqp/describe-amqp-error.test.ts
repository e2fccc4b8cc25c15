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

  it('does not take a port that holds 403 or 530 for a reply code (a TLS failure stays a TLS failure)', () => {
    const at = brokerTarget('amqps://guest:guest@127.0.0.1:40353/');
    const tls = Object.assign(new Error('write EPROTO 40353:error:0A00010B:SSL routines:ssl3_get_record:wrong version number (127.0.0.1:40353)'), { code: 'EPROTO' });
    expect(describeAmqpError(tls, at, 5000)).toMatch(/^TLS failed with 127\.0\.0\.1:40353/);
    const reset = Object.assign(new Error('read ECONNRESET 127.0.0.1:15303'), { code: 'ECONNRESET' });
    expect(describeAmqpError(reset, brokerTarget('amqp://u:p@127.0.0.1:15303/'), 5000)).toMatch(/closed the connection during the handshake/);
  });

  it('falls back to the network sentence', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(describeAmqpError(refused, where, 5000)).toMatch(/^Connection refused by rabbit:5672/);
  });
});
