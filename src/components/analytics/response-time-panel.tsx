"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { RESPONDER_COLORS } from "./chart-colors";
import { DataTable } from "./data-table";
import { formatDuration } from "./format-duration";

type FirstResponse = RouterOutputs["analytics"]["firstResponse"];

const RESPONDERS = [
  { key: "AI", label: "AI on its own" },
  { key: "HUMAN", label: "A person" },
] as const;
const PERCENTILES = [
  { key: "p50", label: "Median (p50)" },
  { key: "p90", label: "p90" },
  { key: "p99", label: "p99" },
] as const;

/** How the page defines a response and who made it. */
export const FIRST_RESPONSE_DEFINITION =
  "From a lead's message to the first reply sent after it in the same conversation (more messages before that reply do not restart the clock). " +
  "“AI on its own” is an AI reply that went out automatically; “a person” is any reply a team member approved, edited or wrote.";

/** p50 / p90 / p99 of the first response, AI vs people, as grouped bars and a table. */
export function ResponseTimeChart({ data }: { data: FirstResponse }) {
  const rows = PERCENTILES.map((p) => ({ label: p.label, AI: data.byResponder.AI[p.key], HUMAN: data.byResponder.HUMAN[p.key] }));
  const summary = RESPONDERS.map((r) => {
    const t = data.byResponder[r.key];
    return `${r.label}: ${t.answered} answered, median ${formatDuration(t.p50)}, p90 ${formatDuration(t.p90)}, p99 ${formatDuration(t.p99)}`;
  }).join("; ");
  return (
    <figure>
      <figcaption className="mb-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Stat label="Median, all replies" value={formatDuration(data.all.p50)} />
        <Stat label="Answered" value={data.all.answered.toLocaleString("en")} />
        <Stat label="Still waiting" value={data.unanswered.toLocaleString("en")} />
      </figcaption>
      <div role="img" aria-label={`First response time. ${summary}.`} className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} />
            <YAxis tickFormatter={(v: number) => formatDuration(v)} tick={{ fontSize: 11, fill: "#64748b" }} width={64} />
            <Tooltip formatter={(v) => formatDuration(typeof v === "number" ? v : null)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {RESPONDERS.map((r) => (
              <Bar key={r.key} dataKey={r.key} name={r.label} fill={RESPONDER_COLORS[r.key]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        caption="First response time by responder"
        columns={["Responder", "Answered", "Median", "p90", "p99"]}
        rows={[...RESPONDERS.map((r) => ({ key: r.key, label: r.label, t: data.byResponder[r.key] })), { key: "all", label: "All", t: data.all }].map(({ key, label, t }) => ({
          key,
          cells: [label, t.answered.toLocaleString("en"), formatDuration(t.p50), formatDuration(t.p90), formatDuration(t.p99)],
        }))}
      />
    </figure>
  );
}

export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="text-lg font-semibold tabular-nums text-slate-900">{value}</p>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}
