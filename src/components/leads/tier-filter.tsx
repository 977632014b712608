import { TIER_LABELS, TIERS, type Tier } from "../ui/tier-badge";

const OPTIONS: ReadonlyArray<{ value: Tier | undefined; label: string }> = [
  { value: undefined, label: "All" },
  ...TIERS.map((tier) => ({ value: tier, label: TIER_LABELS[tier] })),
];

/** All / Hot / Warm / Cold as toggle buttons (the pressed one is the current filter). */
export function TierFilter({ value, onChange, label = "Filter by lead tier" }: { value: Tier | undefined; onChange: (tier: Tier | undefined) => void; label?: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-lg bg-slate-100 p-0.5">
      {OPTIONS.map((option) => {
        const pressed = option.value === value;
        return (
          <button
            key={option.label}
            type="button"
            aria-pressed={pressed}
            onClick={() => onChange(option.value)}
            className={`rounded-md px-3 py-1 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 ${
              pressed ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
