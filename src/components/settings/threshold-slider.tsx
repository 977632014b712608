import { useId } from "react";

/** Confidence needed before a reply is sent without a person approving it (50–100%). */
export function ThresholdSlider({ value, onChange, disabled }: { value: number; onChange: (percent: number) => void; disabled: boolean }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">Auto-reply confidence threshold</label>
        <output htmlFor={id} className="text-sm font-semibold text-slate-900">{value}%</output>
      </div>
      <input
        id={id}
        type="range"
        min={50}
        max={100}
        step={1}
        value={value}
        disabled={disabled}
        aria-valuetext={`${value} percent`}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(Number(e.target.value))}
        className="w-full accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">Replies the AI is less sure about wait for a person to approve them.</p>
    </div>
  );
}
