import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-cycles.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

describe('imports', () => {
  it('form no cycle under src/, type-only imports included', () => {
    const cycles = importCycles(importGraph(src)).map((cycle) => cycle.map((file) => file.slice(src.length + 1)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('finds a cycle, a type-only one too, and none in a chain', () => {
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });
});
