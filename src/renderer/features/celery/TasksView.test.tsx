// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CeleryTasksQuery } from '../../../shared/contract/schemas.ts';
import { renderWithApi } from '../../test-support/render-with-api.tsx';
import { at, celeryTask, manyTasks, seedCelery, uuidOf } from '../../../../test/support/fake-api/celery-seed.ts';
import { DeploymentPage } from '../deployments/DeploymentPage.tsx';
import { TASK_ROW_HEIGHT } from './TasksTable.tsx';

// happy-dom lays nothing out: give the tasks' scroll box a height so the virtualizer has a viewport.
const VIEWPORT = 600;
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('tasks-scroll') ? VIEWPORT : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const taskQueries = (api: { calls: { channel: string; input: unknown }[] }) =>
  api.calls.filter((call) => call.channel === 'celery.tasks').map((call) => call.input as CeleryTasksQuery);

async function openTasks(tasks = manyTasks(5), search = '') {
  const seeded = await seedCelery({ tasks });
  const view = renderWithApi(<DeploymentPage id={seeded.deployment.id} />, {
    api: seeded.api,
    path: `/deployments/${seeded.deployment.id}/celery/tasks${search}`,
  });
  await screen.findByTestId('tasks-table');
  return { ...seeded, ...view };
}

const renderedUuids = () => screen.getAllByTestId('task-row').map((row) => row.dataset.uuid);

describe('Celery tasks view', () => {
  it('filters by state: the request carries it and the URL keeps it', async () => {
    const tasks = [
      celeryTask(uuidOf(1), { state: 'FAILURE', exception: "ValueError('boom')", result: null, lastEventAt: at(-1) }),
      celeryTask(uuidOf(2), { state: 'SUCCESS', lastEventAt: at(-2) }),
    ];
    const { api, deployment, location } = await openTasks(tasks);
    expect(renderedUuids()).toEqual([uuidOf(1), uuidOf(2)]);

    await userEvent.selectOptions(screen.getByLabelText('State'), 'FAILURE');

    await waitFor(() => expect(renderedUuids()).toEqual([uuidOf(1)]));
    expect(taskQueries(api).at(-1)).toEqual({ deploymentId: deployment.id, state: 'FAILURE', limit: 100 });
    expect(location.history?.at(-1)).toBe(`/deployments/${deployment.id}/celery/tasks?state=FAILURE`);
    const row = screen.getByTestId('task-row');
    expect(within(row).getByText('FAILURE')).toBeTruthy();
    expect(row.textContent).toContain("ValueError('boom')");
  });

  it('reads the filters from the URL on load, and debounces the search into one request', async () => {
    const tasks = [celeryTask(uuidOf(1), { args: "['needle']", lastEventAt: at(-1) }), celeryTask(uuidOf(2), { lastEventAt: at(-2) })];
    const { api, deployment, location } = await openTasks(tasks, '?state=SUCCESS&worker=alpha%40tach');
    expect(taskQueries(api)[0]).toEqual({ deploymentId: deployment.id, state: 'SUCCESS', worker: 'alpha@tach', limit: 100 });
    expect(screen.getByLabelText<HTMLInputElement>('Worker').value).toBe('alpha@tach');

    await userEvent.type(screen.getByLabelText('Search'), 'needle');

    await waitFor(() => expect(renderedUuids()).toEqual([uuidOf(1)]));
    const searches = taskQueries(api).filter((query) => query.search !== undefined);
    expect(searches).toEqual([{ deploymentId: deployment.id, state: 'SUCCESS', worker: 'alpha@tach', search: 'needle', limit: 100 }]);
    expect(location.history?.at(-1)).toBe(`/deployments/${deployment.id}/celery/tasks?state=SUCCESS&worker=alpha%40tach&q=needle`);
  });

  it('renders only the rows in view, and loads the next page with the `before` cursor near the end', async () => {
    const { api } = await openTasks(manyTasks(250));
    const first = taskQueries(api);
    expect(first).toHaveLength(1);
    // 600 px of 30 px rows, plus the overscan: far fewer than the 100 loaded.
    expect(screen.getAllByTestId('task-row').length).toBeLessThan(40);
    expect(screen.getByTestId('tasks-table').dataset.rows).toBe('100');

    const scroller = screen.getByTestId('tasks-scroll');
    scroller.scrollTop = 100 * TASK_ROW_HEIGHT - VIEWPORT;
    fireEvent.scroll(scroller);

    await waitFor(() => expect(screen.getByTestId('tasks-table').dataset.rows).toBe('200'));
    const second = taskQueries(api)[1];
    expect(second?.before).toBe(`${Date.parse(at(150 - 250))}:${uuidOf(150)}`);
    expect(second).toMatchObject({ limit: 100 });
    expect(renderedUuids()).toContain(uuidOf(150));
    expect(renderedUuids()).not.toContain(uuidOf(249));
  });

  it('refetches only the first page on celery.changed and keeps the older pages loaded', async () => {
    const { api, deployment, celery } = await openTasks(manyTasks(150));
    const scroller = screen.getByTestId('tasks-scroll');
    scroller.scrollTop = 100 * TASK_ROW_HEIGHT - VIEWPORT;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.getByTestId('tasks-table').dataset.rows).toBe('150'));
    const before = taskQueries(api).length;

    // A new task arrives and an old one (on the second page) changes.
    const data = celery.get(deployment.id)!;
    data.tasks.push(celeryTask('ffffffff-new', { state: 'STARTED', lastEventAt: at(5) }));
    const moved = data.tasks.find((task) => task.uuid === uuidOf(10))!;
    Object.assign(moved, { state: 'FAILURE', lastEventAt: at(6) });
    api.emit('celery.changed', { deploymentId: deployment.id });

    // 150 + the new one; the changed one moved to the top rather than showing twice.
    await waitFor(() => expect(screen.getByTestId('tasks-table').dataset.rows).toBe('151'));
    const after = taskQueries(api).slice(before);
    expect(after).toEqual([{ deploymentId: deployment.id, limit: 100 }]);
    // Two rows arrived above the ones in view: the view moved down with them instead of jumping.
    expect(scroller.scrollTop).toBe(100 * TASK_ROW_HEIGHT - VIEWPORT + 2 * TASK_ROW_HEIGHT);
    expect(renderedUuids()).toContain(uuidOf(60));
  });
});
