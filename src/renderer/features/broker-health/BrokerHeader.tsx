import type { BrokerHealth, BrokerNode } from '../../../shared/domain/broker.ts';
import { Alert } from '../../components/Alert.tsx';
import { TimeAgo } from '../../components/TimeAgo.tsx';
import { formatCount, formatMaybeBytes } from './broker-format.ts';

const STATE_LABELS: Record<BrokerHealth['state'], string> = { ok: 'Polling', error: 'Failing', waiting: 'Connecting', off: 'Off' };
const SOURCE_LABELS: Record<BrokerHealth['source'], string> = { management: 'management API', passive: 'passive declares', off: 'nothing' };

function NodeLine({ node }: { node: BrokerNode }) {
  const alarms = [node.memAlarm && 'memory alarm: publishers are blocked', node.diskFreeAlarm && 'disk alarm: publishers are blocked', !node.running && 'not running'].filter(Boolean);
  return (
    <li className={alarms.length > 0 ? 'broker-node broker-node-alarm' : 'broker-node'} data-testid="broker-node">
      <span className="mono">{node.name}</span>
      <span title="Memory used of the high watermark">
        memory {formatMaybeBytes(node.memUsed)} / {formatMaybeBytes(node.memLimit)}
      </span>
      <span title="Free disk, and the limit below which RabbitMQ blocks publishers">
        disk free {formatMaybeBytes(node.diskFree)} (limit {formatMaybeBytes(node.diskFreeLimit)})
      </span>
      {node.fdTotal !== null && (
        <span>
          file descriptors {formatCount(node.fdUsed)} / {formatCount(node.fdTotal)}
        </span>
      )}
      {alarms.map((alarm) => (
        <strong key={String(alarm)} className="broker-alarm">
          <span aria-hidden="true">⚠ </span>
          {alarm}
        </strong>
      ))}
    </li>
  );
}

/** Is Tach seeing the broker, from which source, and the broker's own overview and alarms. */
export function BrokerHeader({ health }: { health: BrokerHealth }) {
  const { overview } = health;
  return (
    <section className="celery-header broker-header" aria-label="Broker status" data-testid="broker-header" data-state={health.state}>
      <div className="consumer-line">
        <span className={`pill pill-poll-${health.state}`} data-testid="poll-state">
          {STATE_LABELS[health.state]}
        </span>
        <span className="consumer-detail" data-testid="poll-detail">
          {health.detail}
        </span>
        <span className="consumer-stats">
          <span>
            via {SOURCE_LABELS[health.source]}, every {health.pollIntervalSeconds} s
          </span>
          <span>last answer {health.lastPollAt ? <TimeAgo iso={health.lastPollAt} /> : <span className="muted">none yet</span>}</span>
        </span>
      </div>
      {overview && (
        <>
          <dl className="broker-overview" data-testid="broker-overview">
            <div>
              <dt>RabbitMQ</dt>
              <dd>
                {overview.rabbitmqVersion ?? '—'}
                {overview.erlangVersion && <span className="muted"> · Erlang {overview.erlangVersion}</span>}
              </dd>
            </div>
            <div>
              <dt>Connections</dt>
              <dd className="num">{formatCount(overview.connections)}</dd>
            </div>
            <div>
              <dt>Channels</dt>
              <dd className="num">{formatCount(overview.channels)}</dd>
            </div>
            <div>
              <dt>Queues</dt>
              <dd className="num">{formatCount(overview.queues)}</dd>
            </div>
            <div>
              <dt>Consumers</dt>
              <dd className="num">{formatCount(overview.consumers)}</dd>
            </div>
            <div>
              <dt>Ready</dt>
              <dd className="num" data-testid="total-ready">
                {formatCount(overview.messagesReady)}
              </dd>
            </div>
            <div>
              <dt>Unacked</dt>
              <dd className="num">{formatCount(overview.messagesUnacknowledged)}</dd>
            </div>
          </dl>
          <ul className="broker-nodes" aria-label="Nodes">
            {overview.nodes.map((node) => (
              <NodeLine key={node.name} node={node} />
            ))}
          </ul>
        </>
      )}
      {health.limits && (
        <Alert tone="info" title="What Tach cannot see here">
          {health.limits}
        </Alert>
      )}
    </section>
  );
}
