import { describe, expect, it } from 'vitest';
import { SAME_REQUEST_MS, StopRequests, signalExitCode } from './stop-signals.ts';

describe('StopRequests', () => {
  it('stops on the first signal and takes the copies of one delivery as that same request', () => {
    let now = 5_000;
    const requests = new StopRequests(() => now);
    expect(requests.requested).toBe(false);
    expect(requests.receive()).toBe('stop');
    expect(requests.requested).toBe(true);
    now += 3; // the launcher's copy of a group signal
    expect(requests.receive()).toBe('same');
    now += SAME_REQUEST_MS - 4;
    expect(requests.receive()).toBe('same');
  });

  it('forces the stop when asked again later, however many copies came before', () => {
    let now = 0;
    const requests = new StopRequests(() => now);
    requests.receive();
    requests.receive();
    now = SAME_REQUEST_MS;
    expect(requests.receive()).toBe('force');
    now += 1;
    expect(requests.receive()).toBe('force');
  });

  it('gives the exit status of a process killed by the signal', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });
});
