import { useMutationRequest } from '../../api/use-mutation-request.ts';
import { useRequest } from '../../api/use-request.ts';
import { Button } from '../../components/Button.tsx';

const CERTIFICATES = [
  { name: 'PEM certificates', extensions: ['pem', 'crt', 'cer'] },
  { name: 'All files', extensions: ['*'] },
];

/** "Browse…" beside a path field, only where the door has native file dialogs (the desktop app). */
export function PickFileButton({ title, onPicked }: { title: string; onPicked: (path: string) => void }) {
  const info = useRequest('app.info', undefined);
  const pick = useMutationRequest('dialog.pickFile', { invalidate: false });
  if (!info.data?.capabilities.nativeFileDialogs) return null;
  return (
    <div className="field-row-action">
      <Button
        busy={pick.isPending}
        onClick={() =>
          pick.mutate(
            { title, filters: CERTIFICATES },
            {
              onSuccess: ({ path }) => {
                if (path !== null) onPicked(path);
              },
            },
          )
        }
      >
        Browse…
      </Button>
      {pick.error && <p className="field-error">{pick.error.message}</p>}
    </div>
  );
}
