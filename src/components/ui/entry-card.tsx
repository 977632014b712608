import type { ReactNode } from "react";

/** The card that holds an entry page (sign-in, sign-up, onboarding, invitation). */
export function EntryCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {description ? <p className="mt-1.5 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-6">{children}</div>
    </div>
  );
}
