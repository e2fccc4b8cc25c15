import { describe, expect, it } from 'vitest';
import { eventQueueOptions } from './event-queue.ts';

describe('eventQueueOptions', () => {
  it('declares the classic queue exactly as before the durable option, so no existing queue is replaced on upgrade', () => {
    expect(eventQueueOptions({ durable: false, maxLength: 5, ttlSeconds: 5 })).toEqual({
      durable: true,
      autoDelete: false,
      arguments: { 'x-expires': 900_000, 'x-max-length': 1_000_000, 'x-overflow': 'drop-head' },
    });
  });

  it('declares a durable, bounded quorum queue with the deployment\'s limits', () => {
    expect(eventQueueOptions({ durable: true, maxLength: 1_000_000, ttlSeconds: 3600 })).toEqual({
      durable: true,
      autoDelete: false,
      exclusive: false,
      arguments: { 'x-queue-type': 'quorum', 'x-expires': 86_400_000, 'x-max-length': 1_000_000, 'x-overflow': 'drop-head', 'x-message-ttl': 3_600_000 },
    });
  });
});
