import type { RouterOutputs } from "@/components/trpc/router-types";
import { Badge, type BadgeTone } from "@/components/ui/badge";

type Health = RouterOutputs["analytics"]["crmHealth"];

const PROVIDERS: Record<string, string> = { HUBSPOT: "HubSpot", PIPEDRIVE: "Pipedrive", SALESFORCE: "Salesforce", WEBHOOK: "Webhook" };
const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Healthy", tone: "emerald" },
  FAILING: { label: "Failing", tone: "red" },
  NEEDS_REAUTH: { label: "Needs reconnecting", tone: "amber" },
};
const RUN: Record<string, string> = { RUNNING: "running", SUCCEEDED: "succeeded", PARTIAL: "partly failed", FAILED: "failed" };

/** One row per connected CRM: state, last run, the range's runs, and where the leads stand in it. */
export function CrmHealthTable({ data }: { data: Health }) {
  return (
    <ul className="space-y-4">
      {data.connections.map((c) => {
        const status = STATUS[c.status] ?? { label: c.status, tone: "slate" as const };
        return (
          <li key={c.id} className="rounded-lg border border-slate-200 p-4">
            <div className="flex flex-wrap items-center gap-2">
              <p className="font-medium text-slate-900">{PROVIDERS[c.provider] ?? c.provider}</p>
              <Badge tone={status.tone}>{status.label}</Badge>
              {c.enabled ? null : <Badge tone="slate">Paused</Badge>}
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {c.lastRun ? (
                <>
                  Last run <time dateTime={c.lastRun.startedAt.toISOString()}>{c.lastRun.startedAt.toLocaleString()}</time>: {RUN[c.lastRun.status] ?? c.lastRun.status},{" "}
                  {c.lastRun.succeeded.toLocaleString("en")} synced, {c.lastRun.failed.toLocaleString("en")} failed.
                </>
              ) : (
                "No sync has run yet."
              )}
            </p>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
              {[
                ["Runs in range", c.runs],
                ["Failed runs", c.failedRuns],
                ["Leads synced", c.leadsSynced],
                ["Record failures", c.recordFailures],
                ["Leads in sync", c.links.synced],
                ["Waiting to sync", c.links.pending],
                ["Failing, retrying", c.links.failed],
                ["Given up", c.links.dead],
              ].map(([label, value]) => (
                <div key={label} className="flex justify-between gap-2 border-b border-slate-100 py-1">
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="tabular-nums text-slate-900">{Number(value).toLocaleString("en")}</dd>
                </div>
              ))}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
