import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field } from '../../components/Field.tsx';
import { ControlOutcomeView } from './CommandOutcomeView.tsx';
import { CONTROL_TIMEOUT, isDestructive } from './remote-commands.ts';
import type { ControlMethod } from './remote-commands.ts';
import { useCommand } from './use-command.ts';
import type { CommandOutcome } from './use-command.ts';

export const READ_ONLY_REASON = 'This deployment is read-only: control commands are refused. Turn read-only off in Edit deployment → Celery to use them.';

interface Confirmation {
  method: ControlMethod;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  send: () => Promise<unknown>;
}

interface RowContext {
  hostname: string;
  readOnly: boolean;
  deploymentId: number;
  /** Sends at once, or asks first when the command is destructive. */
  request: (confirmation: Confirmation, args: Record<string, unknown>) => void;
}

/** Optional numbers: empty stays out of the arguments; anything else goes as typed for the engine to judge. */
const numberArg = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value.trim()));
const defined = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));

/** The server names the wrong argument ('n', 'task_name'): its message goes under that input. */
const fieldError = (outcome: CommandOutcome | null, field: string): string | undefined =>
  outcome?.status === 'error' && outcome.error.field === field ? outcome.error.message : undefined;

function ControlRow({ title, note, outcome, fields, children }: { title: string; note?: ReactNode; outcome: CommandOutcome | null; fields: string[]; children: ReactNode }) {
  const shownAtField = outcome?.status === 'error' && outcome.error.field !== undefined && fields.includes(outcome.error.field);
  return (
    <div className="control-row" role="group" aria-label={title}>
      <div className="control-row-title">
        <h3>{title}</h3>
        {note && <span className="control-row-note">{note}</span>}
      </div>
      <div className="control-row-main">
        <div className="control-row-inputs">{children}</div>
        {!shownAtField && <ControlOutcomeView outcome={outcome} />}
      </div>
    </div>
  );
}

function useRowCommand(context: RowContext) {
  const command = useCommand('control', context.deploymentId);
  const send = (method: ControlMethod, args: Record<string, unknown> = {}, confirmation?: Omit<Confirmation, 'method' | 'send'>) => {
    const go = () => command.run({ method, arguments: args, destination: [context.hostname], timeout: CONTROL_TIMEOUT });
    if (isDestructive(method, args) && confirmation) context.request({ ...confirmation, method, send: go }, args);
    else void go();
  };
  const disabled = context.readOnly || command.running;
  return { ...command, send, disabled, title: context.readOnly ? READ_ONLY_REASON : undefined };
}

function PoolRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const [n, setN] = useState('1');
  return (
    <ControlRow title="Pool size" note="Add or remove pool processes." outcome={row.outcome} fields={['n']}>
      <Field label="Processes" type="number" min={1} value={n} onChange={setN} error={fieldError(row.outcome, 'n')} className="field-narrow" />
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('pool_grow', defined({ n: numberArg(n) }))}>
        Grow pool
      </Button>
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('pool_shrink', defined({ n: numberArg(n) }))}>
        Shrink pool
      </Button>
    </ControlRow>
  );
}

function AutoscaleRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const [max, setMax] = useState('');
  const [min, setMin] = useState('');
  return (
    <ControlRow title="Autoscale" note="Workers started with --autoscale only." outcome={row.outcome} fields={['max', 'min']}>
      <Field label="Max" type="number" min={1} value={max} onChange={setMax} error={fieldError(row.outcome, 'max')} className="field-narrow" />
      <Field label="Min" type="number" min={0} value={min} onChange={setMin} error={fieldError(row.outcome, 'min')} className="field-narrow" />
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('autoscale', { max: numberArg(max), min: numberArg(min) })}>
        Set autoscale
      </Button>
    </ControlRow>
  );
}

function ConsumerRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const [queue, setQueue] = useState('');
  return (
    <ControlRow title="Queues" note="Start or stop consuming a queue." outcome={row.outcome} fields={['queue']}>
      <Field label="Queue" value={queue} onChange={setQueue} error={fieldError(row.outcome, 'queue')} placeholder="celery" className="mono-input" />
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('add_consumer', { queue })}>
        Add consumer
      </Button>
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('cancel_consumer', { queue })}>
        Cancel consumer
      </Button>
    </ControlRow>
  );
}

function RateLimitRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const [task, setTask] = useState('');
  const [rate, setRate] = useState('');
  return (
    <ControlRow title="Rate limit" note="Per task type on this worker; 0 lifts it." outcome={row.outcome} fields={['task_name', 'rate_limit']}>
      <Field label="Task name" value={task} onChange={setTask} error={fieldError(row.outcome, 'task_name')} placeholder="tach.add" className="mono-input" list="celery-task-names" />
      <Field label="Rate" value={rate} onChange={setRate} error={fieldError(row.outcome, 'rate_limit')} placeholder="10/m" className="mono-input field-narrow" />
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('rate_limit', { task_name: task, rate_limit: rate })}>
        Set rate limit
      </Button>
    </ControlRow>
  );
}

function TimeLimitRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const [task, setTask] = useState('');
  const [soft, setSoft] = useState('');
  const [hard, setHard] = useState('');
  // Empty clears that limit (None on the worker).
  const limit = (value: string) => numberArg(value) ?? null;
  return (
    <ControlRow title="Time limits" note="Seconds; empty removes that limit." outcome={row.outcome} fields={['task_name', 'soft', 'hard']}>
      <Field label="Task name" value={task} onChange={setTask} error={fieldError(row.outcome, 'task_name')} placeholder="tach.add" className="mono-input" list="celery-task-names" />
      <Field label="Soft (s)" type="number" min={0} value={soft} onChange={setSoft} error={fieldError(row.outcome, 'soft')} className="field-narrow" />
      <Field label="Hard (s)" type="number" min={0} value={hard} onChange={setHard} error={fieldError(row.outcome, 'hard')} className="field-narrow" />
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('time_limit', { task_name: task, soft: limit(soft), hard: limit(hard) })}>
        Set time limits
      </Button>
    </ControlRow>
  );
}

function EventsRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  return (
    <ControlRow title="Task events" outcome={row.outcome} fields={[]}>
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('enable_events')}>
        Enable events
      </Button>
      <Button disabled={row.disabled} title={row.title} onClick={() => row.send('disable_events')}>
        Disable events
      </Button>
      <p className="inline-warning" data-testid="disable-events-warning">
        <span aria-hidden="true">⚠ </span>
        disable_events does nothing on a worker started with <span className="mono">-E</span>: it keeps sending events. Tach also turns
        them back on every few seconds unless &quot;Send enable_events every&quot; is empty in Edit deployment → Celery.
      </p>
    </ControlRow>
  );
}

function LifecycleRow({ context }: { context: RowContext }) {
  const row = useRowCommand(context);
  const host = <strong className="mono">{context.hostname}</strong>;
  return (
    <ControlRow title="Pool and worker" note="Interrupts work: asks first." outcome={row.outcome} fields={[]}>
      <Button
        variant="danger"
        disabled={row.disabled}
        title={row.title}
        onClick={() =>
          row.send('pool_restart', {}, {
            title: `Restart the pool of ${context.hostname}?`,
            confirmLabel: 'Restart pool',
            body: <p>Restart every pool process of {host}. Tasks running in them are interrupted. The worker must run with worker_pool_restarts enabled.</p>,
          })
        }
      >
        Restart pool…
      </Button>
      <Button
        variant="danger"
        disabled={row.disabled}
        title={row.title}
        onClick={() =>
          row.send('shutdown', {}, {
            title: `Shut down ${context.hostname}?`,
            confirmLabel: `Shut down ${context.hostname}`,
            body: (
              <>
                <p>Warm shutdown of {host}: it finishes the tasks it is running, then exits. It stops taking new tasks at once.</p>
                <p className="muted">Nothing restarts it unless a supervisor does. Workers never reply to shutdown: watch it go offline here.</p>
              </>
            ),
          })
        }
      >
        Shut down…
      </Button>
    </ControlRow>
  );
}

/** Control commands to one worker; destructive ones confirm in a dialog naming it. */
export function ControlPanel({ deploymentId, hostname, readOnly }: { deploymentId: number; hostname: string; readOnly: boolean }) {
  const [pending, setPending] = useState<Confirmation | null>(null);
  const [busy, setBusy] = useState(false);
  const context: RowContext = { deploymentId, hostname, readOnly, request: (confirmation) => setPending(confirmation) };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    await pending.send();
    setBusy(false);
    setPending(null);
  };
  return (
    <section className="panel" aria-labelledby="control-heading" data-testid="control-panel">
      <header className="panel-header">
        <h2 id="control-heading">Control</h2>
        <span className="panel-note">Sent to this worker only; replies within {CONTROL_TIMEOUT} s.</span>
      </header>
      <div className="panel-body">
        {readOnly && (
          <Alert tone="info" title="Read-only deployment">
            <span data-testid="read-only-reason">{READ_ONLY_REASON}</span>
          </Alert>
        )}
        <PoolRow context={context} />
        <AutoscaleRow context={context} />
        <ConsumerRow context={context} />
        <RateLimitRow context={context} />
        <TimeLimitRow context={context} />
        <EventsRow context={context} />
        <LifecycleRow context={context} />
      </div>
      {pending && (
        <ConfirmDialog title={pending.title} confirmLabel={pending.confirmLabel} busy={busy} onClose={() => setPending(null)} onConfirm={() => void confirm()}>
          {pending.body}
        </ConfirmDialog>
      )}
    </section>
  );
}
