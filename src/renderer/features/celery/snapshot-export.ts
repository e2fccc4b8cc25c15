// Where the headless door serves snapshot CSVs. Absolute from the origin: under hash routing the
// page's own URL says nothing about the API's path.

export function rangeCsvUrl(deploymentId: number, since: string | undefined, until: string | undefined, origin = location.origin): string {
  const url = new URL(`/api/v1/deployments/${deploymentId}/snapshots.csv`, origin);
  if (since) url.searchParams.set('since', since);
  if (until) url.searchParams.set('until', until);
  return url.toString();
}

export const snapshotCsvUrl = (snapshotId: number, origin = location.origin): string => new URL(`/api/v1/snapshots/${snapshotId}.csv`, origin).toString();

const pad = (value: number) => String(value).padStart(2, '0');

/** A time as an <input type="datetime-local"> value, in local time to the minute. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as ISO, or undefined when empty or not a time. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
