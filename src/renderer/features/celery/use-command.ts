import { useState } from 'react';
import type { CommandResult } from '../../../shared/contract/channels.ts';
import { useApi } from '../../api/api-context.tsx';
import { RequestError } from '../../api/request-error.ts';
import type { CommandKind } from './remote-commands.ts';

export type CommandOutcome =
  | { status: 'running'; method: string; timeout: number }
  | { status: 'done'; method: string; timeout: number; result: CommandResult }
  | { status: 'error'; method: string; timeout: number; error: RequestError };

export interface CommandRequest {
  method: string;
  arguments?: Record<string, unknown>;
  /** Worker host names; the command goes to every worker when absent. */
  destination?: string[];
  timeout: number;
}

/**
 * Sends remote-control commands of one kind and keeps the last outcome. A command is not
 * server state to cache and refetch, so this is plain state rather than a query.
 */
export function useCommand(kind: CommandKind, deploymentId: number) {
  const api = useApi();
  const [outcome, setOutcome] = useState<CommandOutcome | null>(null);
  const run = async (request: CommandRequest): Promise<CommandOutcome> => {
    const { method, timeout } = request;
    setOutcome({ status: 'running', method, timeout });
    const input = {
      deploymentId,
      method,
      timeout,
      ...(request.arguments ? { arguments: request.arguments } : {}),
      ...(request.destination ? { destination: request.destination } : {}),
    };
    const result = await api.invoke(kind === 'inspect' ? 'celery.inspect' : 'celery.control', input);
    const next: CommandOutcome = result.ok
      ? { status: 'done', method, timeout, result: result.value }
      : { status: 'error', method, timeout, error: new RequestError(result.error) };
    setOutcome(next);
    return next;
  };
  return { outcome, run, running: outcome?.status === 'running', clear: () => setOutcome(null) };
}
