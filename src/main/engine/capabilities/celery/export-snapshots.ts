import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CeleryExportInput } from '../../../../shared/contract/schemas.ts';
import { DomainError } from '../../kernel/domain-error.ts';
import type { EventBus } from '../../kernel/event-bus.ts';
import type { Platform } from '../../kernel/handler-types.ts';
import type { Result } from '../../../../shared/contract/result.ts';
import type { CeleryService } from './celery-service.ts';
import type { Logger } from '../../kernel/logging/logger.ts';

/** The engine's snapshot export: a stream cannot cross as a Result, so this is the one call outside dispatch. */
export type SnapshotCsv = (selection: Parameters<CeleryService['snapshotCsv']>[0]) => Result<ReturnType<CeleryService['snapshotCsv']>>;

const PROGRESS_EVERY_ROWS = 5_000;

/** Desktop export: a native save dialog, then the CSV streamed to the chosen file with progress events. */
export async function exportSnapshots(input: CeleryExportInput, deps: { platform: Platform; snapshotCsv: SnapshotCsv; events: EventBus; log: Logger }): Promise<{ path: string | null; rows: number }> {
  const pickSavePath = deps.platform.pickSavePath;
  if (!pickSavePath) {
    throw new DomainError('unavailable', 'Saving to a file needs the desktop app; download the CSV from the console instead.');
  }
  const csv = deps.snapshotCsv(input);
  if (!csv.ok) throw new DomainError(csv.error.code, csv.error.message);
  const path = await pickSavePath({ title: 'Export snapshots as CSV', defaultName: csv.value.filename });
  if (path === null) {
    csv.value.stream.destroy();
    return { path: null, rows: 0 };
  }
  let rows = -1; // the header is not a row
  let reported = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) if (byte === 0x0a) rows += 1;
      if (rows - reported >= PROGRESS_EVERY_ROWS) {
        reported = rows;
        deps.events.emit('export.progress', { path, rows, done: false });
      }
      done(null, chunk);
    },
  });
  await pipeline(csv.value.stream, count, createWriteStream(path));
  deps.events.emit('export.progress', { path, rows, done: true });
  deps.log.info('snapshots exported', { path, rows });
  return { path, rows };
}
