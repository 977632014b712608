"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatCount } from "@/components/ui/format-numbers";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { INTENT_COLORS, seriesColor } from "./chart-colors";
import { DataTable } from "./data-table";
import { formatBucket } from "./format-bucket";

type Volume = RouterOutputs["analytics"]["volume"];
type Split = "intent" | "channel";

const INTENT_KEYS = ["SALES", "SUPPORT", "OTHER", "SPAM", "UNCLASSIFIED"] as const;
const intentLabel = (key: (typeof INTENT_KEYS)[number]) => (key === "UNCLASSIFIED" ? "Not classified yet" : INTENT_LABELS[key]);

/** Inbound messages per day (or week), stacked by intent or by channel, with the same numbers as a table. */
export function VolumeChart({ data }: { data: Volume }) {
  const [split, setSplit] = useState<Split>("intent");
  const series =
    split === "intent"
      ? INTENT_KEYS.map((key) => ({ key, label: intentLabel(key), color: INTENT_COLORS[key] }))
      : data.channels.map((c, i) => ({ key: c.id, label: c.name, color: seriesColor(i) }));
  const rows = data.buckets.map((bucket, i) => {
    const counts: Record<string, number> = split === "intent" ? data.byIntent[i]!.counts : data.byChannel[i]!.counts;
    return { label: formatBucket(bucket, data.bucket), ...Object.fromEntries(series.map((s) => [s.key, counts[s.key] ?? 0])) };
  });
  const unit = data.bucket === "day" ? "day" : "week";
  const summary = `${formatCount(data.total)} inbound messages, per ${unit}, by ${split}: ${series.map((s) => `${s.label} ${split === "intent" ? data.intentTotals[s.key as (typeof INTENT_KEYS)[number]] : (data.channels.find((c) => c.id === s.key)?.total ?? 0)}`).join(", ")}.`;

  return (
    <figure>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <figcaption className="text-sm text-slate-600">
          <span className="text-2xl font-semibold tabular-nums text-slate-900">{formatCount(data.total)}</span> inbound {data.total === 1 ? "message" : "messages"}, per {unit}
        </figcaption>
        <div role="group" aria-label="Split messages by" className="inline-flex rounded-lg bg-slate-100 p-0.5">
          {(["intent", "channel"] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={split === option}
              onClick={() => setSplit(option)}
              className={`rounded-md px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 ${
                split === option ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
              }`}
            >
              By {option}
            </button>
          ))}
        </div>
      </div>
      <div role="img" aria-label={summary} className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="volume" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        caption={`Inbound messages per ${unit} by ${split}`}
        columns={[data.bucket === "day" ? "Day" : "Week", ...series.map((s) => s.label), "Total"]}
        rows={rows.map((row, i) => {
          const values = series.map((s) => (row as Record<string, number | string>)[s.key] as number);
          return { key: data.buckets[i]!, cells: [row.label, ...values.map((v) => v.toLocaleString("en")), values.reduce((a, b) => a + b, 0).toLocaleString("en")] };
        })}
      />
    </figure>
  );
}
