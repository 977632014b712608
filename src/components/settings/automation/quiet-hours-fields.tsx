import { useMemo } from "react";
import type { QuietHours } from "@/shared/automation/automation-rules";
import { isValidTimeZone, isWithinQuietHours, localMinutes, timeZoneOptions } from "@/shared/automation/quiet-hours";
import { CheckboxField, SelectField, TextField } from "@/components/ui/form-fields";
import type { AutomationErrors } from "./automation-draft";

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Quiet hours: a daily window in an IANA time zone (may cross midnight) during which auto-sends wait as drafts. */
export function QuietHoursFields({ value, errors, onChange }: { value: QuietHours; errors: AutomationErrors; onChange: (patch: Partial<QuietHours>) => void }) {
  const zones = useMemo(() => {
    const all = timeZoneOptions();
    return all.includes(value.timeZone) || !isValidTimeZone(value.timeZone) ? all : [value.timeZone, ...all];
  }, [value.timeZone]);
  const valid = isValidTimeZone(value.timeZone) && /^\d\d:\d\d$/.test(value.start) && /^\d\d:\d\d$/.test(value.end) && value.start !== value.end;
  const now = new Date();
  const status = valid
    ? `Now ${clock(localMinutes(now, value.timeZone))} in ${value.timeZone}: ${isWithinQuietHours(value, now) ? "inside quiet hours" : "outside quiet hours"}.`
    : undefined;

  return (
    <div className="space-y-4">
      <CheckboxField
        label="Hold auto-sends during quiet hours"
        description="Replies that would be sent automatically are kept as drafts for a person to approve (they are not sent later on their own). Drafts and 'off' are not affected."
        name="quietHours.enabled"
        checked={value.enabled}
        onChange={(e) => onChange({ enabled: e.target.checked })}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="From" type="time" name="quietHours.start" value={value.start} disabled={!value.enabled} onChange={(e) => onChange({ start: e.target.value })} error={errors["quietHours.start"]} />
        <TextField label="Until" type="time" name="quietHours.end" value={value.end} disabled={!value.enabled} onChange={(e) => onChange({ end: e.target.value })} hint="Earlier than 'From' means the next morning." error={errors["quietHours.end"]} />
        <SelectField label="Time zone" name="quietHours.timeZone" value={value.timeZone} disabled={!value.enabled} onChange={(e) => onChange({ timeZone: e.target.value })} error={errors["quietHours.timeZone"]} hint={value.enabled ? status : "Daylight saving is followed automatically."}>
          {zones.map((z) => <option key={z} value={z}>{z.replaceAll("_", " ")}</option>)}
        </SelectField>
      </div>
    </div>
  );
}
