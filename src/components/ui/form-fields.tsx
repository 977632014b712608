import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

export const inputClasses =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm " +
  "placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-offset-0 focus:outline-brand-500/30 " +
  "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 aria-invalid:border-red-500";

type FieldProps = { label: string; hint?: ReactNode; error?: string };

type ShellProps = FieldProps & { children: (aria: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode };

/** Label, hint and error around one control, wired together with ids for screen readers. */
function FieldShell({ label, hint, error, children }: ShellProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint ? <div id={hintId} className="text-xs text-slate-500">{hint}</div> : null}
      {error ? <p id={errorId} className="text-xs font-medium text-red-700">{error}</p> : null}
    </div>
  );
}

export function TextField({ label, hint, error, className = "", ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(aria) => <input className={`${inputClasses} ${className}`} {...aria} {...props} />}
    </FieldShell>
  );
}

export function TextAreaField({ label, hint, error, className = "", ...props }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(aria) => <textarea className={`${inputClasses} ${className}`} {...aria} {...props} />}
    </FieldShell>
  );
}

export function SelectField({ label, hint, error, className = "", children, ...props }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(aria) => (
        <select className={`${inputClasses} ${className}`} {...aria} {...props}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}

type CheckboxProps = { label: string; description?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">;

/** A checkbox with its label and a one-line description, the whole row clickable. */
export function CheckboxField({ label, description, ...props }: CheckboxProps) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed"
        aria-describedby={description ? `${id}-desc` : undefined}
        {...props}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
        {description ? <p id={`${id}-desc`} className="text-xs text-slate-500">{description}</p> : null}
      </div>
    </div>
  );
}
