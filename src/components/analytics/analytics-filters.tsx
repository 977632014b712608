"use client";

import { useId } from "react";
import { inputClasses } from "@/components/ui/form-fields";
import { PRESETS, type RangeChoice } from "./analytics-range";

type Channel = { id: string; name: string };

/** Range (7 / 30 / 90 days or custom dates) and channel, each with a visible label. */
export function AnalyticsFilters({ range, onRange, channelId, onChannel, channels, rangeError, today }: {
  range: RangeChoice;
  onRange: (range: RangeChoice) => void;
  channelId: string | undefined;
  onChannel: (id: string | undefined) => void;
  channels: Channel[];
  rangeError: string | null;
  today: string;
}) {
  const id = useId();
  const custom = range.preset === "custom" ? range : null;
  return (
    <form role="search" aria-label="Analytics filters" className="mb-6 flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()}>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-range`} className="block text-sm font-medium text-slate-800">Date range</label>
        <select
          id={`${id}-range`}
          className={`${inputClasses} w-44`}
          value={String(range.preset)}
          onChange={(e) => {
            const value = e.target.value;
            if (value === "custom") onRange({ preset: "custom", start: "", end: today });
            else onRange({ preset: Number(value) as (typeof PRESETS)[number] });
          }}
        >
          {PRESETS.map((days) => (
            <option key={days} value={days}>Last {days} days</option>
          ))}
          <option value="custom">Custom dates…</option>
        </select>
      </div>
      {custom ? (
        <>
          <div className="space-y-1.5">
            <label htmlFor={`${id}-start`} className="block text-sm font-medium text-slate-800">From</label>
            <input id={`${id}-start`} type="date" max={today} className={`${inputClasses} w-40`} value={custom.start} aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? `${id}-error` : undefined} onChange={(e) => onRange({ ...custom, start: e.target.value })} />
          </div>
          <div className="space-y-1.5">
            <label htmlFor={`${id}-end`} className="block text-sm font-medium text-slate-800">To (inclusive)</label>
            <input id={`${id}-end`} type="date" max={today} className={`${inputClasses} w-40`} value={custom.end} aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? `${id}-error` : undefined} onChange={(e) => onRange({ ...custom, end: e.target.value })} />
          </div>
        </>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor={`${id}-channel`} className="block text-sm font-medium text-slate-800">Channel</label>
        <select id={`${id}-channel`} className={`${inputClasses} w-52`} value={channelId ?? ""} onChange={(e) => onChannel(e.target.value || undefined)}>
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </div>
      {rangeError ? <p id={`${id}-error`} role="alert" className="w-full text-sm font-medium text-red-700">{rangeError}</p> : null}
    </form>
  );
}
