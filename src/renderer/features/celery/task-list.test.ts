import { describe, expect, it } from 'vitest';
import { at, celeryTask, manyTasks, uuidOf } from '../../../../test/support/fake-api/celery-seed.ts';
import { appendOlder, applyFirstPage, emptyTaskList } from './task-list.ts';
import type { TasksPage } from './task-list.ts';

// Pages as the engine cuts them: newest first, `next` set when the page is full.
const all = manyTasks(30).reverse();
const page = (tasks: typeof all, size = 10): TasksPage => ({ tasks: tasks.slice(0, size), next: tasks.length > size ? `cursor-${tasks[size - 1]!.uuid}` : null });
const uuids = (state: { rows: { uuid: string }[] }) => state.rows.map((task) => task.uuid);

function loadedThreePages() {
  let state = applyFirstPage(emptyTaskList, page(all));
  state = appendOlder(state, page(all.slice(10)), state.cursor!);
  state = appendOlder(state, page(all.slice(20)), state.cursor!);
  return state;
}

describe('task list merging', () => {
  it('appends older pages in order and stops at the end', () => {
    const state = loadedThreePages();
    expect(uuids(state)).toEqual(all.map((task) => task.uuid));
    expect(state.cursor).toBeNull();
  });

  it('ignores an older page that was asked for before the list restarted', () => {
    const state = applyFirstPage(emptyTaskList, page(all));
    expect(appendOlder(state, page(all.slice(10)), 'stale-cursor')).toBe(state);
  });

  it('merges a refetched first page: new rows on top, changed rows moved up, older pages kept', () => {
    const state = loadedThreePages();
    const changed = { ...all[15]!, state: 'FAILURE' as const, lastEventAt: at(10) };
    const fresh = celeryTask('ffffffff', { lastEventAt: at(11) });
    const now = [fresh, changed, ...all.filter((task) => task.uuid !== changed.uuid)];
    const merged = applyFirstPage(state, { tasks: now.slice(0, 10), next: 'cursor-page-1' });

    expect(merged.rows).toHaveLength(31);
    expect(uuids(merged).slice(0, 3)).toEqual(['ffffffff', changed.uuid, all[0]!.uuid]);
    expect(merged.rows.filter((task) => task.uuid === changed.uuid)).toEqual([changed]);
    // Still continues after the oldest page loaded, not after the new first page.
    expect(merged.cursor).toBe(state.cursor);
  });

  it('drops rows the page should hold but does not: they left the filter', () => {
    const state = applyFirstPage(emptyTaskList, page(all));
    const left = all[3]!;
    const now = all.filter((task) => task.uuid !== left.uuid);
    const merged = applyFirstPage(state, page(now));
    expect(uuids(merged)).not.toContain(left.uuid);
    expect(uuids(merged)).toEqual(now.slice(0, 10).map((task) => task.uuid));
  });

  it('starts over from the page when more changed than a page holds (no silent gap)', () => {
    const state = loadedThreePages();
    const burst = Array.from({ length: 12 }, (_, n) => celeryTask(uuidOf(900 + n), { lastEventAt: at(100 + n) })).reverse();
    const merged = applyFirstPage(state, page([...burst, ...all]));
    expect(uuids(merged)).toEqual(burst.slice(0, 10).map((task) => task.uuid));
    expect(merged.cursor).toBe(`cursor-${burst[9]!.uuid}`);
  });

  it('takes a page that holds everything as the whole list', () => {
    const state = loadedThreePages();
    const merged = applyFirstPage(state, { tasks: all.slice(0, 4), next: null });
    expect(uuids(merged)).toEqual(all.slice(0, 4).map((task) => task.uuid));
    expect(merged.cursor).toBeNull();
  });
});
