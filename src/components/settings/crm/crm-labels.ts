import type { BadgeTone } from "@/components/ui/badge";
import type { CrmConnectionStatus, CrmLinkState, CrmProvider } from "./crm-types";

export const CRM_PROVIDER_LABELS: Record<CrmProvider, string> = { HUBSPOT: "HubSpot", SALESFORCE: "Salesforce", PIPEDRIVE: "Pipedrive", WEBHOOK: "Signed webhook" };

/** The client id / secret each OAuth CRM needs on the server (README, section "CRM sync"). */
export const CRM_OAUTH_ENV_VARS: Partial<Record<CrmProvider, readonly string[]>> = {
  HUBSPOT: ["HUBSPOT_CLIENT_ID", "HUBSPOT_CLIENT_SECRET"],
  SALESFORCE: ["SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET"],
  PIPEDRIVE: ["PIPEDRIVE_CLIENT_ID", "PIPEDRIVE_CLIENT_SECRET"],
};

export const CRM_STATUS_LABELS: Record<CrmConnectionStatus, string> = { ACTIVE: "Connected", FAILING: "Failing", NEEDS_REAUTH: "Needs reconnecting" };
export const CRM_STATUS_TONES: Record<CrmConnectionStatus, BadgeTone> = { ACTIVE: "emerald", FAILING: "amber", NEEDS_REAUTH: "red" };

export const LINK_STATE_LABELS: Record<CrmLinkState, string> = { PENDING: "Pending", SYNCED: "Synced", FAILED: "Failed", DEAD: "Gave up" };
export const LINK_STATE_TONES: Record<CrmLinkState, BadgeTone> = { PENDING: "slate", SYNCED: "emerald", FAILED: "amber", DEAD: "red" };

export const RUN_TRIGGER_LABELS: Record<string, string> = { SCHEDULED: "Scheduled", MANUAL: "Sync now", RETRY: "Retry", CONNECTED: "After connecting" };
export const RUN_STATUS_LABELS: Record<string, string> = { RUNNING: "Running", SUCCEEDED: "Succeeded", PARTIAL: "Partly failed", FAILED: "Failed" };
export const RUN_STATUS_TONES: Record<string, BadgeTone> = { RUNNING: "sky", SUCCEEDED: "emerald", PARTIAL: "amber", FAILED: "red" };

/** "850 ms", "12.4 s", "3 min 5 s"; an unfinished run has no duration. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** "every 5 minutes", "every hour", "every 2 hours", "once a day". */
export function describeInterval(minutes: number): string {
  if (minutes === 1440) return "once a day";
  if (minutes % 60 === 0) return minutes === 60 ? "every hour" : `every ${minutes / 60} hours`;
  return `every ${minutes} minutes`;
}

/** The one-line state of a connection's leads: "120 synced · 3 pending · 2 failed". Empty states are left out. */
export function describeCounts(counts: Record<CrmLinkState, number>): string {
  const parts = (["SYNCED", "PENDING", "FAILED", "DEAD"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s].toLocaleString("en")} ${LINK_STATE_LABELS[s].toLowerCase()}`);
  return parts.length > 0 ? parts.join(" · ") : "No leads sent yet";
}
