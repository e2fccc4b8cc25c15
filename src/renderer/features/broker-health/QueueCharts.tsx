import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QueueHistory } from '../../../shared/domain/broker.ts';
import { useApi } from '../../api/api-context.tsx';
import { requestKey } from '../../api/query-keys.ts';
import { unwrap } from '../../api/request-error.ts';
import type { RequestError } from '../../api/request-error.ts';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatIntervalStart, formatTick, type ChartWindow } from '../celery/chart-windows.ts';
import { useThemeColors } from '../celery/use-theme-colors.ts';

const HEIGHT = 170;
const Y_AXIS_WIDTH = 60;
const TICKS = 6;

interface Point {
  t: number;
  messages: number;
  ready: number | null;
  unacked: number | null;
  consumers: number;
  publish: number | null;
  deliver: number | null;
  ack: number | null;
}

const toPoints = (history: QueueHistory): Point[] =>
  history.samples.map((s) => ({
    t: Date.parse(s.at),
    messages: s.messages,
    ready: s.messagesReady,
    unacked: s.messagesUnacknowledged,
    consumers: s.consumers,
    publish: s.publishRate,
    deliver: s.deliverRate,
    ack: s.ackRate,
  }));

function Card({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section className="chart-card" aria-label={title}>
      <h3 className="chart-title">
        {title}
        {note && <span className="muted chart-note"> {note}</span>}
      </h3>
      <div className="chart-body">{children}</div>
    </section>
  );
}

/** Depth, consumers and rates of one queue over the window that ends at `until`. */
export function QueueCharts({ deploymentId, vhost, name, window, until }: { deploymentId: number; vhost: string; name: string; window: ChartWindow; until: number }) {
  const api = useApi();
  const colors = useThemeColors();
  const input = { deploymentId, vhost, name, since: new Date(until - window.seconds * 1000).toISOString(), until: new Date(until).toISOString() };
  // The window moves with every poll: the key changes, so the previous series stays shown meanwhile.
  const history = useQuery<QueueHistory, RequestError>({
    queryKey: requestKey('broker.history', input),
    queryFn: async () => unwrap(await api.invoke('broker.history', input)),
    placeholderData: keepPreviousData,
  });
  if (history.error) return <Alert title="Could not load the queue history">{history.error.message}</Alert>;
  if (!history.data) return <Spinner label="Loading the queue history…" />;
  const points = toPoints(history.data);
  if (points.length === 0) {
    return <EmptyState title="No samples in this window">Tach stores a sample of this queue at every poll; none fell in this window.</EmptyState>;
  }
  const hasRates = points.some((p) => p.publish !== null || p.deliver !== null);
  const domain: [number, number] = [until - window.seconds * 1000, until];
  // Explicit ticks: recharts picks none of its own on a numeric time axis with a fixed domain.
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => domain[0] + ((domain[1] - domain[0]) * i) / TICKS);
  const xAxis = (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={domain}
      ticks={ticks}
      tickFormatter={(value: number) => formatTick(value, window)}
      minTickGap={28}
      tick={{ fill: colors.muted, fontSize: 11 }}
      stroke={colors.border}
      tickLine={false}
    />
  );
  const grid = <CartesianGrid stroke={colors.border} strokeDasharray="2 4" vertical={false} />;
  const yTick = { fill: colors.muted, fontSize: 11 };
  const tooltip = (
    <Tooltip
      labelFormatter={(label: unknown) => (typeof label === 'number' ? formatIntervalStart(label) : String(label))}
      contentStyle={{ background: colors.surface, border: `1px solid ${colors.border}`, borderRadius: 4, fontSize: 12, color: colors.text }}
      isAnimationActive={false}
    />
  );
  const legend = <Legend verticalAlign="top" align="right" height={22} iconSize={10} wrapperStyle={{ fontSize: 12 }} />;
  const resolution = history.data.resolutionSeconds;
  const note = resolution >= 60 ? `averaged over ${+(resolution / 60).toFixed(1)} min` : `every ${resolution} s`;
  return (
    <div className="charts-stack" data-testid="queue-charts" data-points={points.length} data-last-messages={points.at(-1)?.messages}>
      <Card title="Depth" note={note}>
        <ResponsiveContainer width="100%" height={HEIGHT + 24}>
          <LineChart data={points} syncId="queue-charts" margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} />
            {tooltip}
            {legend}
            <Line dataKey="messages" name="Messages" stroke={colors.accent} dot={false} strokeWidth={2} isAnimationActive={false} />
            <Line dataKey="ready" name="Ready" stroke={colors.ok} dot={false} strokeWidth={1.5} isAnimationActive={false} />
            <Line dataKey="unacked" name="Unacked" stroke={colors.warn} dot={false} strokeWidth={1.5} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Card>
      <Card title="Consumers">
        <ResponsiveContainer width="100%" height={HEIGHT - 40}>
          <LineChart data={points} syncId="queue-charts" margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} domain={[0, 'dataMax + 1']} />
            {tooltip}
            <Line type="stepAfter" dataKey="consumers" name="Consumers" stroke={colors.accent} dot={false} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Card>
      {hasRates ? (
        <Card title="Rates" note="messages per second">
          <ResponsiveContainer width="100%" height={HEIGHT + 24}>
            <LineChart data={points} syncId="queue-charts" margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
              {grid}
              {xAxis}
              <YAxis width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} />
              {tooltip}
              {legend}
              <Line dataKey="publish" name="Publish" stroke={colors.accent} dot={false} strokeWidth={1.5} isAnimationActive={false} />
              <Line dataKey="deliver" name="Deliver" stroke={colors.ok} dot={false} strokeWidth={1.5} isAnimationActive={false} />
              <Line dataKey="ack" name="Ack" stroke={colors.muted} dot={false} strokeWidth={1.5} strokeDasharray="4 3" isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </Card>
      ) : (
        <p className="muted">No rates: passive declares give messages and consumers only.</p>
      )}
    </div>
  );
}
