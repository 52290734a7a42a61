/** A label, the control, a hint and the field's error, tied together for assistive technology. */
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Announce the error when it appears (a form that checks as the user leaves each field). */
  alert?: boolean;
  children: (aria: Record<string, string | boolean>) => ComponentChildren;
}

export function Field({ id, label, hint, error, alert = false, children }: FieldProps) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': 'true' } : {}) })}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error" {...(alert ? { role: 'alert' } : {})}>
          {error}
        </p>
      )}
    </div>
  );
}
