import { describe, expect, it } from 'vitest';
import { describeChannelError, describeConnectionLoss, withNext } from './describe-amqp-loss.ts';

const where = '10.0.0.5:5672';

describe('describeConnectionLoss', () => {
  it('quotes the broker when it closed the connection', () => {
    const error = new Error('Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - Closed via management plugin"');
    expect(describeConnectionLoss(error, where, 15)).toBe(
      'The broker at 10.0.0.5:5672 closed the connection: CONNECTION_FORCED - Closed via management plugin.',
    );
  });

  it('names heartbeat loss and silent closes', () => {
    expect(describeConnectionLoss(new Error('Heartbeat timeout'), where, 15)).toMatch(
      /^10\.0\.0\.5:5672 stopped answering heartbeats \(none for over 30 s\)/,
    );
    expect(describeConnectionLoss(new Error('Unexpected close'), where, 15)).toMatch(/^10\.0\.0\.5:5672 closed the connection without a word/);
  });

  it('says a reset is a reset, not a handshake problem', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(describeConnectionLoss(reset, where, 15)).toBe('10.0.0.5:5672 reset the connection (ECONNRESET).');
  });

  it('does not invent a cause when there was none', () => {
    expect(describeConnectionLoss(undefined, where, 15)).toBe('The connection to 10.0.0.5:5672 closed.');
  });
});

describe('describeChannelError', () => {
  const text = `PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'`;

  it('names the refused operation and the broker reason', () => {
    const error = new Error(`Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "${text}"`);
    expect(describeChannelError(error)).toBe(`The broker refused QueueDeclare: ${text}.`);
  });

  it('says when the channel died for another reason', () => {
    const error = new Error(`Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'x' in vhost '/'"`);
    expect(describeChannelError(error)).toBe(`The broker closed the channel: NOT_FOUND - no queue 'x' in vhost '/'.`);
  });

  it('passes other errors through, without passwords', () => {
    expect(describeChannelError(new Error('cannot reach amqp://u:secret@h/'))).toBe('cannot reach amqp://u:****@h/');
  });
});

describe('withNext', () => {
  it('joins without a doubled full stop', () => {
    expect(withNext('Authentication failed for user "x" at h:1: wrong user name or password.', 'retrying in 4 s')).toBe(
      'Authentication failed for user "x" at h:1: wrong user name or password; retrying in 4 s.',
    );
  });
});
