import type { BrokerHealth, QueueHistory } from '../../domain/broker.ts';
import { channel, event, output } from '../declare.ts';
import { number, restRoutes, text } from '../rest.ts';
import { brokerByDeployment, queueHistoryQuery } from '../schemas.ts';

export const brokerHealthChannels = {
  /** The last poll of the deployment's broker: status, overview and every queue. */
  'broker.health': channel(brokerByDeployment, output<BrokerHealth>()),
  /** One queue's samples over a window, oldest first, averaged down to at most ~500 points. */
  'broker.history': channel(queueHistoryQuery, output<QueueHistory>()),
};

export const brokerHealthEvents = {
  /** A broker health poll of the deployment answered or failed: refetch what is shown. */
  'broker.changed': event<{ deploymentId: number }>(),
};

const deployment = { id: number('deploymentId') };

export const brokerHealthRoutes = restRoutes<keyof typeof brokerHealthChannels>([
  { method: 'GET', path: '/api/v1/deployments/:id/broker', channel: 'broker.health', params: deployment },
  // The queues as scripts want them: a bare array. How fresh it is and any polling problem
  // travel in headers, so the body stays the list.
  {
    method: 'GET',
    path: '/api/v1/deployments/:id/queues',
    channel: 'broker.health',
    params: deployment,
    answer: { body: 'queues', headers: { 'tach-poll-state': 'state', 'tach-last-poll': 'lastPollAt' } },
  },
  // The default vhost "/" is written %2F, as in the management API's own URLs.
  {
    method: 'GET',
    path: '/api/v1/deployments/:id/queues/:vhost/:name/history',
    channel: 'broker.history',
    params: { ...deployment, vhost: text(), name: text() },
    query: { since: text(), until: text() },
  },
]);
