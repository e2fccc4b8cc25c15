/** Nearest-rank percentiles of `values` (sorted in place); null for an empty list. */
export function percentiles(values: Float64Array, wanted: readonly number[]): (number | null)[] {
  if (values.length === 0) return wanted.map(() => null);
  values.sort();
  return wanted.map((p) => values[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))] ?? null);
}
