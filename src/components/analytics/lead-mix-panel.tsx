"use client";

import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatPercent } from "@/components/ui/format-numbers";
import { TIER_LABELS, TIERS } from "@/components/ui/tier-badge";
import { TIER_COLORS } from "./chart-colors";
import { DataTable } from "./data-table";
import { Stat } from "./response-time-panel";

type Leads = RouterOutputs["analytics"]["leads"];

const STATUS_LABELS = { NEW: "New", QUALIFIED: "Qualified", WON: "Won", LOST: "Lost" } as const;
const STATUSES = ["NEW", "QUALIFIED", "WON", "LOST"] as const;

const share = (n: number, total: number) => (total === 0 ? "—" : formatPercent(n / total));

/** Tier mix as a donut, and where the range's new leads stand now as a funnel of bars. */
export function LeadMixChart({ data }: { data: Leads }) {
  const tiers = TIERS.map((tier) => ({ key: tier, name: TIER_LABELS[tier], value: data.tiers[tier] }));
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <figure>
        <figcaption className="text-sm font-medium text-slate-800">Tier mix of {data.total.toLocaleString("en")} new leads</figcaption>
        <div role="img" aria-label={`Tier mix: ${tiers.map((t) => `${t.name} ${t.value}`).join(", ")}.`} className="h-48 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={tiers} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" isAnimationActive={false}>
                {tiers.map((t) => (
                  <Cell key={t.key} fill={TIER_COLORS[t.key]} />
                ))}
              </Pie>
              <Tooltip />
            </PieChart>
          </ResponsiveContainer>
        </div>
        <ul className="flex flex-wrap justify-center gap-3 text-xs text-slate-600">
          {tiers.map((t) => (
            <li key={t.key} className="flex items-center gap-1.5">
              <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={{ background: TIER_COLORS[t.key] }} />
              {t.name} {t.value.toLocaleString("en")} ({share(t.value, data.total)})
            </li>
          ))}
        </ul>
      </figure>
      <figure>
        <figcaption className="text-sm font-medium text-slate-800">Where they stand now</figcaption>
        <ol className="mt-3 space-y-2" aria-label="Lead outcomes">
          {STATUSES.map((status) => {
            const n = data.statuses[status];
            const width = data.total === 0 ? 0 : Math.max(2, Math.round((n / data.total) * 100));
            return (
              <li key={status}>
                <div className="flex justify-between text-xs text-slate-600">
                  <span>{STATUS_LABELS[status]}</span>
                  <span className="tabular-nums">{n.toLocaleString("en")} · {share(n, data.total)}</span>
                </div>
                <div className="mt-1 h-2 rounded-full bg-slate-100" aria-hidden="true">
                  <div className={`h-2 rounded-full ${status === "WON" ? "bg-emerald-500" : status === "LOST" ? "bg-red-400" : "bg-brand-500"}`} style={{ width: `${width}%` }} />
                </div>
              </li>
            );
          })}
        </ol>
        <div className="mt-4">
          <Stat label="Win rate (won of won + lost)" value={data.winRate === null ? "—" : formatPercent(data.winRate)} />
        </div>
      </figure>
      <div className="sm:col-span-2">
        <DataTable
          caption="New leads by tier and by status"
          columns={["Group", "Leads", "Share"]}
          rows={[
            ...tiers.map((t) => ({ key: t.key, cells: [`${t.name} tier`, t.value.toLocaleString("en"), share(t.value, data.total)] })),
            ...STATUSES.map((s) => ({ key: s, cells: [STATUS_LABELS[s], data.statuses[s].toLocaleString("en"), share(data.statuses[s], data.total)] })),
          ]}
        />
      </div>
    </div>
  );
}
