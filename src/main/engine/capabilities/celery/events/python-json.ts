// Python's json.dumps (which kombu uses) writes float('nan') and float('inf') as the bare
// tokens NaN, Infinity and -Infinity, which JSON.parse refuses. In a task.multi batch one
// such value would cost all 24 events, so on a parse failure, and only then, we retry with
// those tokens (outside strings) replaced by null. The common path is one JSON.parse.

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parsePythonJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!text.includes('NaN') && !text.includes('Infinity')) return { ok: false, error: message };
    try {
      return { ok: true, value: JSON.parse(replaceNonFiniteTokens(text)) };
    } catch {
      // Report the original failure: the rewrite is ours, the message should be about theirs.
      return { ok: false, error: message };
    }
  }
}

/** Replaces bare NaN / Infinity / -Infinity tokens outside string literals with null. */
export function replaceNonFiniteTokens(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i += 1;
      else if (ch === 0x22 /* " */) inString = false;
      continue;
    }
    if (ch === 0x22) {
      inString = true;
      continue;
    }
    let length = 0;
    if (text.startsWith('NaN', i)) length = 3;
    else if (text.startsWith('Infinity', i)) length = 8;
    else if (text.startsWith('-Infinity', i)) length = 9;
    if (length > 0) {
      out += text.slice(copiedUpTo, i) + 'null';
      i += length - 1;
      copiedUpTo = i + 1;
    }
  }
  return out + text.slice(copiedUpTo);
}
