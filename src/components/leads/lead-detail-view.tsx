"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/format-numbers";
import { formatDateTime } from "@/components/ui/format-time";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SourceBadge } from "@/components/inbox/demo-data-badge";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { CrmSyncBadges } from "./crm-sync-badges";
import { LEAD_STATUS_LABELS } from "./lead-status";
import { LeadStatusButtons } from "./lead-status-buttons";
import { LeadTags } from "./lead-tags";
import { ScoreHistory } from "./score-history";
import { TierBadge } from "../ui/tier-badge";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** A lead's page: the contact, where the lead stands now, its conversations and how its score moved. */
export function LeadDetailView({ leadId }: { leadId: string }) {
  const trpc = useTRPC();
  const { role } = useActiveWorkspace();
  const lead = useQuery(trpc.leads.get.queryOptions({ leadId }));

  const back = <Link href="/leads" className="text-sm font-medium text-brand-700 hover:underline">← All leads</Link>;
  if (lead.isPending) return <LoadingPanel label="Loading the lead" />;
  if (lead.isError) return <div className="space-y-4">{back}<ErrorPanel title="We couldn't load this lead" error={lead.error} onRetry={() => void lead.refetch()} retrying={lead.isFetching} /></div>;
  const l = lead.data;

  return (
    <>
      <div className="mb-3">{back}</div>
      <PageHeader title={l.contact.name} description={`Lead since ${formatDateTime(l.createdAt)}`} actions={<TierBadge tier={l.tier} score={l.score} />} />
      <div className="grid min-w-0 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-1">
          <Card title="Contact">
            <dl className="grid grid-cols-2 gap-3">
              <Field label="Name">{l.contact.name}</Field>
              <Field label="Handle">{l.contact.handle ?? "Unknown"}</Field>
              {l.contact.email ? <Field label="Email">{l.contact.email}</Field> : null}
              {l.contact.phone ? <Field label="Phone">{l.contact.phone}</Field> : null}
              <Field label="Channel"><span className="mr-1">{l.contact.channel.name}</span><SourceBadge platform={l.contact.channel.platform} /></Field>
              <Field label="Followers">{l.contact.followers === null ? "Unknown" : formatCount(l.contact.followers)}{l.contact.verified ? <span className="ml-1.5"><Badge tone="sky">Verified</Badge></span> : null}</Field>
              {l.contact.redacted ? <Field label="Retention">Contact details removed after the retention period</Field> : null}
            </dl>
          </Card>
          <Card title="Conversations">
            {l.conversations.length === 0 ? (
              <p className="text-sm text-slate-500">None you can open.</p>
            ) : (
              <ul className="space-y-2">
                {l.conversations.map((c) => (
                  <li key={c.id}>
                    <Link href={`/inbox/${c.id}`} className="text-sm font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
                      {c.kind === "DM" ? "Direct messages" : c.kind.charAt(0) + c.kind.slice(1).toLowerCase()} · last message {formatDateTime(c.lastMessageAt)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="Now">
            <div className="space-y-3">
              <p className="text-sm text-slate-800">{l.reason || "Not scored yet: the scorer runs when the message is processed."}</p>
              <LeadTags tags={l.tags} />
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                <Field label="Last intent">{l.lastIntent ? INTENT_LABELS[l.lastIntent] : "None"}</Field>
                <Field label="Owner">{l.owner?.name ?? "Unassigned"}</Field>
                <Field label="Status">{LEAD_STATUS_LABELS[l.status]}</Field>
                <Field label="CRM"><CrmSyncBadges links={l.crm} /></Field>
              </dl>
              {role === "VIEWER" ? null : <LeadStatusButtons leadId={l.id} status={l.status} />}
            </div>
          </Card>
          <Card title="Score history" description="Every time the scorer scored this lead, newest first. A lower score always says why.">
            <ScoreHistory entries={l.history} />
          </Card>
        </div>
      </div>
    </>
  );
}
