import { Readable } from 'node:stream';

export type CsvCell = string | number | boolean | null | undefined | Date;

/** Excel reads a file as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 record, CRLF-terminated. Strings that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return that hides one) get a leading apostrophe:
 * event data comes from the systems being watched and must never execute in an operator's
 * spreadsheet. Numbers stay numbers; times are ISO 8601 in UTC.
 */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  let text = cell instanceof Date ? cell.toISOString() : cell;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document as a stream: the header, then records pulled from `records` only as fast as
 * the reader takes them, so a month of snapshots never sits in memory at once.
 */
export function csvStream(header: readonly string[], records: Iterable<readonly CsvCell[]>): Readable {
  const iterator = records[Symbol.iterator]();
  let started = false;
  return new Readable({
    encoding: 'utf8',
    read() {
      if (!started) {
        started = true;
        this.push(UTF8_BOM + csvRecord(header));
      }
      // Batch small records into chunks of ~64 KiB; stop when the consumer is full.
      let chunk = '';
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          this.push(null);
          return;
        }
        chunk += csvRecord(next.value);
        if (chunk.length >= 65_536) {
          if (!this.push(chunk)) return;
          chunk = '';
        }
      }
    },
    destroy(error, callback) {
      iterator.return?.();
      callback(error);
    },
  });
}
