import { useConnectionState } from '../../api/use-connection-state.ts';

/** Shown while the live event feed is down: the screen may be stale until it is back. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner spinner-inline" aria-hidden="true" />
      Reconnecting to the Tach server… Live updates are paused; what you see may be out of date.
    </div>
  );
}
