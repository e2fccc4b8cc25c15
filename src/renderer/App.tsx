import { useLiveInvalidation } from './api/use-live-invalidation.ts';
import { useRequest } from './api/use-request.ts';
import { useAlertsLive } from './features/broker-health/use-alerts-live.ts';
import { AppRoutes } from './features/shell/AppRoutes.tsx';
import { Header } from './features/shell/Header.tsx';
import { Sidebar } from './features/shell/Sidebar.tsx';
import { StartupScreen } from './features/shell/StartupScreen.tsx';
import { StoreBanner } from './features/shell/StoreBanner.tsx';
import { FirstRun } from './features/tenants/FirstRun.tsx';

/**
 * `data-state` on the root is the milestone end-to-end tests wait on: "ready" once the
 * first app.info and tenants.list have answered. Later refetch failures keep the data shown.
 */
export function App() {
  useLiveInvalidation();
  const info = useRequest('app.info', undefined);
  const tenants = useRequest('tenants.list', undefined);
  useAlertsLive(info.data?.door);
  const ready = info.data !== undefined && tenants.data !== undefined;
  const error = ready ? null : (info.error ?? tenants.error);
  const state = ready ? 'ready' : error ? 'error' : 'loading';

  const retry = () => {
    if (info.error) void info.refetch();
    if (tenants.error) void tenants.refetch();
  };

  return (
    <div className="app" data-testid="app" data-state={state}>
      <Header info={info.data} />
      {ready && <StoreBanner />}
      {!ready ? (
        <StartupScreen error={error} retrying={info.isFetching || tenants.isFetching} onRetry={retry} />
      ) : tenants.data.length === 0 ? (
        <FirstRun />
      ) : (
        <div className="app-body">
          <Sidebar tenants={tenants.data} />
          <main className="main">
            <AppRoutes tenants={tenants.data} />
          </main>
        </div>
      )}
    </div>
  );
}
