"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState, useSyncExternalStore } from "react";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { AiUsageSummary } from "./ai-usage-panel";
import { AnalyticsFilters } from "./analytics-filters";
import { AnalyticsPanel } from "./analytics-panel";
import { resolveRange, toDateInput, type RangeChoice } from "./analytics-range";
import { CrmHealthTable } from "./crm-health-panel";
import { LeadMixChart } from "./lead-mix-panel";
import { ReplyOutcomesChart } from "./reply-outcomes-panel";
import { FIRST_RESPONSE_DEFINITION, ResponseTimeChart } from "./response-time-panel";
import { VolumeChart } from "./volume-panel";

const noSubscription = () => () => undefined;

/** The browser's zone; null while rendering on the server (and during hydration), so server and browser render the same. */
function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, browserTimeZone, () => null);
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The analytics page: filters, then one panel per figure, each its own query (cached per
 * range and channel), so panels load, fail and retry independently. Days follow the browser's
 * time zone.
 */
export function AnalyticsView() {
  const timeZone = useBrowserTimeZone();
  if (timeZone === null) return <LoadingPanel label="Loading analytics" />;
  return <AnalyticsPanels timeZone={timeZone} />;
}

function AnalyticsPanels({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const [today] = useState(() => new Date());
  const [range, setRange] = useState<RangeChoice>({ preset: 30 });
  const [channelId, setChannelId] = useState<string | undefined>(undefined);
  const resolved = useMemo(() => resolveRange(range, today), [range, today]);
  const input = resolved.ok ? { from: resolved.from, to: resolved.to, channelId, timeZone } : null;
  const enabled = input !== null;
  const opts = input ?? { from: today, to: today, timeZone };

  const channels = useQuery(trpc.channels.list.queryOptions());
  const volume = useQuery({ ...trpc.analytics.volume.queryOptions(opts), enabled });
  const firstResponse = useQuery({ ...trpc.analytics.firstResponse.queryOptions(opts), enabled });
  const leads = useQuery({ ...trpc.analytics.leads.queryOptions(opts), enabled });
  const outcomes = useQuery({ ...trpc.analytics.replyOutcomes.queryOptions(opts), enabled });
  const usage = useQuery({ ...trpc.analytics.aiUsage.queryOptions(opts), enabled });
  const crm = useQuery({ ...trpc.analytics.crmHealth.queryOptions({ ...opts, channelId: undefined }), enabled });

  return (
    <>
      <AnalyticsFilters
        range={range}
        onRange={setRange}
        channelId={channelId}
        onChannel={setChannelId}
        channels={(channels.data ?? []).map((c) => ({ id: c.id, name: c.name }))}
        rangeError={resolved.ok ? null : resolved.error}
        today={toDateInput(today)}
      />
      {enabled ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <AnalyticsPanel title="Message volume" description={`Inbound messages by intent or channel (${timeZone} days).`} query={volume}
            isEmpty={(d) => d.total === 0} emptyText="No messages from leads in this range." className="lg:col-span-2">
            {(d) => <VolumeChart data={d} />}
          </AnalyticsPanel>
          <AnalyticsPanel title="First response time" description={FIRST_RESPONSE_DEFINITION} query={firstResponse}
            isEmpty={(d) => d.all.answered === 0 && d.unanswered === 0} emptyText="No conversations waited for a reply in this range.">
            {(d) => <ResponseTimeChart data={d} />}
          </AnalyticsPanel>
          <AnalyticsPanel title="AI replies" description="How each AI reply written in the range ended." query={outcomes}
            isEmpty={(d) => d.total === 0} emptyText="The AI wrote no replies in this range.">
            {(d) => <ReplyOutcomesChart data={d} />}
          </AnalyticsPanel>
          <AnalyticsPanel title="Leads" description="Leads who first wrote in during the range: their tier and where they stand now." query={leads}
            isEmpty={(d) => d.total === 0} emptyText="No new leads in this range." className="lg:col-span-2">
            {(d) => <LeadMixChart data={d} />}
          </AnalyticsPanel>
          <AnalyticsPanel title="AI usage" description="Agent runs in the range; the budget is this calendar month's (UTC)." query={usage}
            isEmpty={() => false} emptyText="">
            {(d) => <AiUsageSummary data={d} />}
          </AnalyticsPanel>
          <AnalyticsPanel title="CRM sync" description="Health of each connected CRM (all channels)." query={crm}
            isEmpty={(d) => d.connections.length === 0} emptyText="No CRM is connected. Connect one under Settings → CRM.">
            {(d) => <CrmHealthTable data={d} />}
          </AnalyticsPanel>
        </div>
      ) : null}
    </>
  );
}
