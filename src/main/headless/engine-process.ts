import { fileURLToPath } from 'node:url';

/**
 * V8 flags the headless engine runs with. Under a steady event stream the engine allocates fast
 * and keeps little (decoded events, rows):
 * - V8's default young generation (up to 3 x 16 MiB semi-spaces on Node 24) is mostly garbage
 *   held resident; capped at 8 MiB, resident memory at 30k events/s fell from 576 MB to 417 MB in
 *   the bench, for a few more, cheap, scavenges.
 * - After each full collection V8 lets the old generation grow by a factor it picks from the
 *   allocation rate, up to 4x what survived: at full ingest that headroom filled with garbage.
 *   Growing by 20% at a time keeps it near what is live, with no fixed cap that a larger live-state
 *   setting could hit: at 50k Celery events/s (1M tasks) peak resident memory fell from 478 MB to
 *   275 MB, for about a tenth more CPU on the engine's thread, which had it to spare.
 */
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=20'];

/** The argv that starts the headless door as its own process (as `npm run serve` does). */
export function headlessEngineArgs(args: readonly string[]): string[] {
  return [...ENGINE_V8_FLAGS, fileURLToPath(new URL('./cli.ts', import.meta.url)), ...args];
}
