import type { RouterInputs, RouterOutputs } from "@/components/trpc/router-types";

export type Settings = RouterOutputs["workspace"]["current"]["settings"];
type SettingsInput = RouterInputs["workspace"]["updateSettings"];

/**
 * The form's editable copy: numbers as typed text so half-typed values are not lost. The CRM
 * sync interval here is the workspace's default; a connection may set its own in Settings -> CRM.
 * Auto-send thresholds live in Settings -> Automation (per intent), not here.
 */
export type SettingsDraft = {
  name: string;
  toneGuidelines: string;
  autoReplyEnabled: boolean;
  autoReplyComplaints: boolean;
  retentionDays: string;
  monthlyAiBudgetUsd: string;
  crmSyncMinutes: string;
};

export function toDraft(s: Settings): SettingsDraft {
  return {
    name: s.name,
    toneGuidelines: s.toneGuidelines,
    autoReplyEnabled: s.autoReplyEnabled,
    autoReplyComplaints: s.autoReplyComplaints,
    retentionDays: String(s.retentionDays),
    monthlyAiBudgetUsd: s.monthlyAiBudgetUsd === null ? "" : String(s.monthlyAiBudgetUsd),
    crmSyncMinutes: String(s.crmSyncMinutes),
  };
}

/** The update to send; the server validates ranges and answers with per-field errors. */
export function toInput(d: SettingsDraft): SettingsInput {
  const budget = d.monthlyAiBudgetUsd.trim();
  return {
    name: d.name,
    toneGuidelines: d.toneGuidelines,
    autoReplyEnabled: d.autoReplyEnabled,
    autoReplyComplaints: d.autoReplyComplaints,
    retentionDays: Number(d.retentionDays),
    monthlyAiBudgetUsd: budget === "" ? null : Number(budget),
    crmSyncMinutes: Number(d.crmSyncMinutes),
  };
}
