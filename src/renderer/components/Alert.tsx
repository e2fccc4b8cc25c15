import type { ReactNode } from 'react';

interface AlertProps {
  tone?: 'error' | 'warning' | 'info';
  title?: string;
  children: ReactNode;
}

export function Alert({ tone = 'error', title, children }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'info' ? 'status' : 'alert'}>
      {title && <strong className="alert-title">{title}</strong>}
      <div>{children}</div>
    </div>
  );
}
