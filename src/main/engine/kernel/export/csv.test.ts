import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { UTF8_BOM, csvField, csvRecord, csvStream } from './csv.ts';

describe('CSV', () => {
  it('quotes only what needs quoting, doubling quotes (RFC 4180)', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', ''])).toBe('plain,"a,b","say ""hi""","two\nlines",\r\n');
  });

  it('writes numbers, booleans, empty cells and dates plainly', () => {
    expect(csvRecord([42, -1.5, true, null, undefined, new Date(Date.UTC(2026, 10, 23, 1, 2, 3))])).toBe(
      '42,-1.5,true,,,2026-11-23T01:02:03.000Z\r\n',
    );
    expect(csvField(Number.NaN)).toBe('');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', "=HYPERLINK(\"http://x\")"].map(csvField)).toEqual([
      "'=1+1",
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\t=x",
      `"'=HYPERLINK(""http://x"")"`,
    ]);
  });

  it('keeps non-ASCII text as UTF-8 and starts the document with a BOM', async () => {
    const document = await text(csvStream(['worker', 'note'], [['célery@hôte', 'naïve ✓']]));
    expect(document).toBe(`${UTF8_BOM}worker,note\r\ncélery@hôte,naïve ✓\r\n`);
  });

  it('pulls records lazily and stops pulling when destroyed', async () => {
    let pulled = 0;
    function* many() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield [i, 'x'.repeat(100)];
      }
    }
    const stream = csvStream(['n', 'pad'], many());
    // Paused mode: the reader takes one chunk; the stream must not run ahead of it.
    await new Promise((resolve) => stream.once('readable', resolve));
    const first = String(stream.read());
    expect(first.startsWith(`${UTF8_BOM}n,pad\r\n`)).toBe(true);
    stream.destroy();
    expect(pulled).toBeLessThan(5_000);
  });
});
