import type { ReactNode } from 'react';

/** A multi-line text field in the look of `TextField`. */
export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  maxLength,
  onChange,
  rows,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  maxLength?: number;
  rows?: number;
  onChange: (value: string) => void;
}): ReactNode {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field" data-invalid={error ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        rows={rows ?? 3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
