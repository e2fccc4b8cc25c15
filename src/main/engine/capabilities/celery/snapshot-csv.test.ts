import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { snapshotCsv } from './snapshot-csv.ts';

describe('snapshot CSV', () => {
  it('writes one row per snapshot and worker, with the totals on each, and one row for a snapshot without workers', async () => {
    const csv = await text(
      snapshotCsv('prod, "eu"', [
        {
          id: 1,
          takenAt: Date.UTC(2026, 10, 23, 10, 0, 0),
          data: {
            workers: [
              { hostname: 'a@h', status: 'online', active: 2, processed: 10, loadavg: [0.5, 0.4, 0.3], lastHeartbeat: '2026-11-23T09:59:59.000Z' },
              { hostname: '=cmd@h', status: 'offline', active: null, processed: null, loadavg: null, lastHeartbeat: null },
            ],
            tasksByState: { SUCCESS: 7, FAILURE: 1 },
            tasksByName: {},
            events: { total: 12, byType: {} },
          },
        },
        { id: 2, takenAt: Date.UTC(2026, 10, 23, 10, 0, 2), data: { workers: [], tasksByState: {}, tasksByName: {}, events: { total: 1, byType: {} } } },
      ]),
    );
    expect(csv.split('\r\n').slice(1)).toEqual([
      '2026-11-23T10:00:00.000Z,"prod, ""eu""",a@h,online,2,10,0.5,2026-11-23T09:59:59.000Z,1,1,0,0,0,7,1,0,0,0,12',
      "2026-11-23T10:00:00.000Z,\"prod, \"\"eu\"\"\",'=cmd@h,offline,,,,,1,1,0,0,0,7,1,0,0,0,12",
      '2026-11-23T10:00:02.000Z,"prod, ""eu""",,,,,,,0,0,0,0,0,0,0,0,0,0,1',
      '',
    ]);
  });
});
