import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatDateTime } from "@/components/ui/format-time";

type CrmLink = RouterOutputs["leads"]["list"][number]["crm"][number];

const SHORT: Record<CrmLink["provider"], string> = { HUBSPOT: "HubSpot", SALESFORCE: "Salesforce", PIPEDRIVE: "Pipedrive", WEBHOOK: "Webhook" };
const STATE: Record<CrmLink["state"], { word: string; tone: BadgeTone }> = {
  SYNCED: { word: "synced", tone: "emerald" },
  PENDING: { word: "pending", tone: "slate" },
  FAILED: { word: "failed", tone: "amber" },
  DEAD: { word: "gave up", tone: "red" },
};

/** The hover text: the CRM's reason for a failure, else when it last synced. */
export function describeCrmLink(link: CrmLink): string {
  const where = link.label ? `${SHORT[link.provider]} (${link.label})` : SHORT[link.provider];
  if (link.state === "FAILED" || link.state === "DEAD") return `${where}: ${link.reason ?? "refused without a reason"}${link.state === "DEAD" ? " (no more retries; an admin can retry in Settings -> CRM)" : " (retrying)"}`;
  if (link.state === "SYNCED") return link.syncedAt ? `${where}: synced ${formatDateTime(link.syncedAt)}` : `${where}: synced`;
  return `${where}: waiting for the next sync`;
}

/** One small badge per connected CRM: "HubSpot synced", "Pipedrive failed" (reason on hover and for screen readers). */
export function CrmSyncBadges({ links }: { links: readonly CrmLink[] }) {
  if (links.length === 0) return <span className="text-xs text-slate-500">Not sent</span>;
  return (
    <ul className="flex flex-col items-start gap-1" aria-label="CRM sync">
      {links.map((link) => {
        const state = STATE[link.state];
        const detail = describeCrmLink(link);
        return (
          <li key={link.provider}>
            <Badge tone={state.tone} title={detail}>
              {SHORT[link.provider]} {state.word}
              {link.state === "FAILED" || link.state === "DEAD" ? <span className="sr-only">: {detail}</span> : null}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
