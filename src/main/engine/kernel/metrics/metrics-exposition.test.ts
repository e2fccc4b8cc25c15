import { describe, expect, it } from 'vitest';
import { MetricsExposition, renderExposition } from './metrics-exposition.ts';

describe('Prometheus text exposition', () => {
  it('writes HELP and TYPE lines, labels with escaped values, and special values', () => {
    const text = renderExposition([
      {
        name: 'tach_queue_messages',
        help: 'Messages in the queue.\nBack\\slash',
        type: 'gauge',
        samples: [
          { labels: { deployment: 'prod "eu"\\1\nx', queue: 'q' }, value: 42 },
          { labels: {}, value: Number.NaN },
          { labels: { queue: 'inf' }, value: Infinity },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP tach_queue_messages Messages in the queue.\\nBack\\\\slash',
        '# TYPE tach_queue_messages gauge',
        'tach_queue_messages{deployment="prod \\"eu\\"\\\\1\\nx",queue="q"} 42',
        'tach_queue_messages NaN',
        'tach_queue_messages{queue="inf"} +Inf',
        '',
      ].join('\n'),
    );
  });

  it('refuses invalid metric and label names rather than writing a body Prometheus rejects', () => {
    expect(() => renderExposition([{ name: 'tach-bad', help: 'x', type: 'gauge', samples: [] }])).toThrow(/not a valid Prometheus metric name/);
    expect(() => renderExposition([{ name: 'tach_ok', help: 'x', type: 'gauge', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] }])).toThrow(/label name/);
  });

  it('merges families of the same name across sources, and a failing source costs only its own figures', () => {
    const errors: unknown[] = [];
    const registry = new MetricsExposition((error) => errors.push(error));
    const family = (value: number) => [{ name: 'tach_x', help: 'x', type: 'gauge' as const, samples: [{ labels: { n: String(value) }, value }] }];
    registry.register({ collect: () => family(1) });
    const unregister = registry.register({ collect: () => family(2) });
    registry.register({
      collect: () => {
        throw new Error('broken source');
      },
    });
    expect(registry.render()).toBe('# HELP tach_x x\n# TYPE tach_x gauge\ntach_x{n="1"} 1\ntach_x{n="2"} 2\n');
    expect(errors).toHaveLength(1);
    unregister();
    expect(registry.render()).not.toContain('n="2"');
  });
});
