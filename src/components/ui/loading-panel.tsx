import { Spinner } from "./spinner";

/** Shown while a panel's data loads. */
export function LoadingPanel({ label = "Loading" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center justify-center gap-3 rounded-xl border border-slate-200 bg-white px-6 py-12 text-sm text-slate-500">
      <Spinner className="size-5 text-brand-500" />
      <span>{label}…</span>
    </div>
  );
}
