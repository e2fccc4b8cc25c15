import type { ReactNode } from 'react';

interface CheckboxProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  error?: string | undefined;
}

export function Checkbox({ label, checked, onChange, disabled, error }: CheckboxProps) {
  return (
    <div className={error ? 'checkbox field-invalid' : 'checkbox'}>
      <label>
        <input type="checkbox" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
