import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRequest } from '../../api/use-request.ts';
import { Alert } from '../../components/Alert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { CHART_WINDOWS, formatTick } from '../celery/chart-windows.ts';
import { useThemeColors } from '../celery/use-theme-colors.ts';

const HOUR = CHART_WINDOWS.find((w) => w.id === '1h') ?? CHART_WINDOWS[1];
const TICKS = 6;

/** Jobs per state over the last hour, as sampled every `sampleSeconds` (the deployment's setting). */
export function CountsChart({ deploymentId, path }: { deploymentId: number; path: string }) {
  const counts = useRequest('jobboards.counts', { deploymentId, path });
  const colors = useThemeColors();
  if (counts.error) return <Alert title="Could not load the counts">{counts.error.message}</Alert>;
  if (!counts.data) return <Spinner label="Loading the counts…" />;
  const points = counts.data.map((sample) => ({ t: Date.parse(sample.at), unclaimed: sample.unclaimed, claimed: sample.claimed, conductors: sample.conductors }));
  if (points.length === 0) return <p className="muted">No samples in the last hour yet: counts are sampled every few seconds while the board is watched.</p>;
  // The whole hour on the axis, with explicit ticks: fitted to the samples alone, a board watched
  // for a minute labelled every tick with the same minute.
  const until = Math.max(Date.now(), points.at(-1)?.t ?? 0);
  const domain: [number, number] = [until - HOUR.seconds * 1000, until];
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => domain[0] + ((domain[1] - domain[0]) * i) / TICKS);
  return (
    <div className="jobboard-chart" data-testid="counts-chart" data-points={points.length}>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={colors.border} strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            ticks={ticks}
            tickFormatter={(ms: number) => formatTick(ms, HOUR)}
            stroke={colors.muted}
            fontSize={11}
          />
          <YAxis allowDecimals={false} width={40} stroke={colors.muted} fontSize={11} />
          <Tooltip labelFormatter={(value) => new Date(Number(value)).toLocaleTimeString()} />
          <Legend />
          <Line type="stepAfter" dataKey="unclaimed" name="Unclaimed" stroke={colors.warn} dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="claimed" name="Claimed" stroke={colors.accent} dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="conductors" name="Conductors" stroke={colors.ok} dot={false} strokeDasharray="4 2" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
