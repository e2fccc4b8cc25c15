import type { AppInfo } from '../../../shared/domain/types.ts';
import { Link } from 'wouter';
import { AlertBanner } from '../broker-health/AlertBanner.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';

const DOOR_LABELS = { desktop: 'Desktop', headless: 'Headless server' } as const;

export function Header({ info }: { info: AppInfo | undefined }) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        Tach
      </Link>
      {info && (
        <span className="door" data-testid="door" data-door={info.door} title={`Data in ${info.dataDir}`}>
          {DOOR_LABELS[info.door]}
          <span className="muted"> · v{info.version}</span>
        </span>
      )}
      <ConnectionBanner />
      {info && <AlertBanner browser={info.door === 'headless'} />}
    </header>
  );
}
