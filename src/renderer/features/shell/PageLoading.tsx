import { Spinner } from '../../components/Spinner.tsx';

export function PageLoading() {
  return (
    <div className="page-loading">
      <Spinner />
    </div>
  );
}
