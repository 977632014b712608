import { AUTOMATION_INTENTS, AUTOMATION_MODES, INTENT_LABELS, MODE_LABELS, type AutomationRules, type IntentRule, type AutomationIntent } from "@/shared/automation/automation-rules";
import { inputClasses } from "@/components/ui/form-fields";
import { fromPercent, toPercent, type AutomationErrors } from "./automation-draft";

const MODE_HINTS = { auto: "Sent when confident and every safety rule holds", draft: "An AI draft waits for a person", off: "No AI draft" } as const;

/** Intent x (mode, threshold): one row per intent, spam shown as never answered. */
export function IntentRulesTable({ rules, errors, onChange }: { rules: AutomationRules; errors: AutomationErrors; onChange: (intent: AutomationIntent, patch: Partial<IntentRule>) => void }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Automation per intent</caption>
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-4 font-medium">Intent</th>
          <th scope="col" className="py-2 pr-4 font-medium">Mode</th>
          <th scope="col" className="py-2 font-medium">Auto-send threshold</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {AUTOMATION_INTENTS.map((intent) => {
          const rule = rules.intents[intent];
          const modeError = errors[`intents.${intent}.mode`];
          const thresholdError = errors[`intents.${intent}.threshold`];
          return (
            <tr key={intent} className="align-top">
              <th scope="row" className="py-3 pr-4 font-medium text-slate-900">{INTENT_LABELS[intent]}</th>
              <td className="py-3 pr-4">
                <select
                  aria-label={`${INTENT_LABELS[intent]} mode`}
                  name={`intents.${intent}.mode`}
                  className={inputClasses}
                  value={rule.mode}
                  aria-invalid={modeError ? true : undefined}
                  onChange={(e) => onChange(intent, { mode: e.target.value as IntentRule["mode"] })}
                >
                  {AUTOMATION_MODES.map((m) => <option key={m} value={m}>{MODE_LABELS[m]}</option>)}
                </select>
                <p className="mt-1 text-xs text-slate-500">{MODE_HINTS[rule.mode]}</p>
                {modeError ? <p className="mt-1 text-xs font-medium text-red-700">{modeError}</p> : null}
              </td>
              <td className="py-3">
                <div className="flex items-center gap-2">
                  <input
                    type="number" inputMode="numeric" min={50} max={100} step={1}
                    aria-label={`${INTENT_LABELS[intent]} auto-send threshold (percent)`}
                    name={`intents.${intent}.threshold`}
                    className={`${inputClasses} max-w-24`}
                    value={toPercent(rule.threshold)}
                    disabled={rule.mode !== "auto"}
                    aria-invalid={thresholdError ? true : undefined}
                    onChange={(e) => onChange(intent, { threshold: fromPercent(e.target.value) })}
                  />
                  <span className="text-slate-500">%</span>
                </div>
                {thresholdError ? <p className="mt-1 text-xs font-medium text-red-700">{thresholdError}</p> : null}
              </td>
            </tr>
          );
        })}
        <tr>
          <th scope="row" className="py-3 pr-4 font-medium text-slate-900">Spam</th>
          <td colSpan={2} className="py-3 text-slate-500">Never answered: no AI draft, never sent.</td>
        </tr>
      </tbody>
    </table>
  );
}
