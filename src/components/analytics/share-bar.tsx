import { formatPercent } from "@/components/ui/format-numbers";

export type Share = { key: string; label: string; value: number; className: string };

/** One horizontal bar split into parts (decorative), with a legend that states each count and share. */
export function ShareBar({ label, parts }: { label: string; parts: Share[] }) {
  const total = parts.reduce((a, p) => a + p.value, 0);
  return (
    <div>
      <div className="flex h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {parts.map((p) => (total === 0 || p.value === 0 ? null : <div key={p.key} className={p.className} style={{ width: `${(p.value / total) * 100}%` }} />))}
      </div>
      <ul aria-label={label} className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {parts.map((p) => (
          <li key={p.key} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block size-2.5 rounded-full ${p.className}`} />
            {p.label}: <span className="tabular-nums">{p.value.toLocaleString("en")}</span>
            <span className="tabular-nums text-slate-500">({total === 0 ? "—" : formatPercent(p.value / total)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
