import { formatAge, formatTimestamp } from './format-age.ts';
import { useNow } from './use-now.ts';

export function TimeAgo({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatTimestamp(iso)}>
      {formatAge(iso, now)}
    </time>
  );
}
