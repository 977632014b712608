import { useState } from "react";
import { PLATFORM_LABELS, type Platform } from "@/components/ui/platform-badge";
import { AUTOMATION_INTENTS, INTENT_LABELS, MODE_LABELS, type AutomationIntent, type AutomationRules, type ChannelRule } from "@/shared/automation/automation-rules";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/form-fields";
import { channelModesFor, fromPercent, toPercent, type AutomationErrors } from "./automation-draft";

type Channel = { id: string; name: string; platform: Platform };

type Props = {
  rules: AutomationRules;
  channels: Channel[];
  errors: AutomationErrors;
  onAdd: (channelId: string) => void;
  onRemove: (channelId: string) => void;
  onChange: (channelId: string, intent: AutomationIntent, rule: ChannelRule | undefined) => void;
};

const SAME = "same";

/** Per-channel overrides: each channel may be stricter than the workspace (a mode no looser, a threshold no lower). */
export function ChannelOverrides({ rules, channels, errors, onAdd, onRemove, onChange }: Props) {
  const unused = channels.filter((c) => !rules.channels.some((o) => o.channelId === c.id));
  const [adding, setAdding] = useState("");
  const named = (id: string) => channels.find((c) => c.id === id);

  return (
    <div className="space-y-4">
      {rules.channels.length === 0 ? <p className="text-sm text-slate-500">No channel overrides: every channel follows the workspace rules.</p> : null}
      {rules.channels.map((override, index) => {
        const channel = named(override.channelId);
        const label = channel ? `${channel.name} (${PLATFORM_LABELS[channel.platform]})` : "A removed channel";
        return (
          <fieldset key={override.channelId} className="rounded-lg border border-slate-200 p-4">
            <legend className="px-1 text-sm font-medium text-slate-900">{label}</legend>
            <div className="grid gap-4 sm:grid-cols-3">
              {AUTOMATION_INTENTS.map((intent) => {
                const base = rules.intents[intent];
                const own = override.rules[intent];
                const path = `channels.${index}.rules.${intent}`;
                const error = errors[`${path}.mode`] ?? errors[`${path}.threshold`];
                return (
                  <div key={intent} className="space-y-1.5">
                    <label className="block text-xs font-medium text-slate-700">
                      {INTENT_LABELS[intent]}
                      <select
                        aria-label={`${label}: ${INTENT_LABELS[intent]} mode`}
                        className={`${inputClasses} mt-1`}
                        value={own?.mode ?? SAME}
                        onChange={(e) => onChange(override.channelId, intent, e.target.value === SAME ? undefined : { mode: e.target.value as ChannelRule["mode"], threshold: own?.threshold })}
                      >
                        <option value={SAME}>Same as workspace ({MODE_LABELS[base.mode]})</option>
                        {channelModesFor(base.mode).map((m) => <option key={m} value={m}>{MODE_LABELS[m]}</option>)}
                        {own && !channelModesFor(base.mode).includes(own.mode) ? <option value={own.mode}>{MODE_LABELS[own.mode]} (looser than the workspace)</option> : null}
                      </select>
                    </label>
                    {own?.mode === "auto" ? (
                      <input
                        type="number" inputMode="numeric" min={50} max={100} step={1}
                        aria-label={`${label}: ${INTENT_LABELS[intent]} threshold (percent)`}
                        placeholder={`${toPercent(base.threshold)} (workspace)`}
                        className={inputClasses}
                        value={toPercent(own.threshold)}
                        onChange={(e) => onChange(override.channelId, intent, { mode: "auto", threshold: e.target.value.trim() === "" ? undefined : fromPercent(e.target.value) })}
                      />
                    ) : null}
                    {error ? <p className="text-xs font-medium text-red-700">{error}</p> : null}
                  </div>
                );
              })}
            </div>
            <Button variant="secondary" size="sm" className="mt-4" onClick={() => onRemove(override.channelId)}>Remove override</Button>
          </fieldset>
        );
      })}
      {unused.length > 0 ? (
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm font-medium text-slate-800">
            Add an override for
            <select aria-label="Channel to override" className={`${inputClasses} mt-1`} value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">Choose a channel</option>
              {unused.map((c) => <option key={c.id} value={c.id}>{c.name} ({PLATFORM_LABELS[c.platform]})</option>)}
            </select>
          </label>
          <Button variant="secondary" disabled={adding === ""} onClick={() => { onAdd(adding); setAdding(""); }}>Add override</Button>
        </div>
      ) : null}
    </div>
  );
}
