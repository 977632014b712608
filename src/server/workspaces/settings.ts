import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";

export const workspaceSettingsInput = z
  .object({
    name: z.string().trim().min(2).max(80),
    toneGuidelines: z.string().trim().max(2_000, "Tone guidelines are limited to 2,000 characters"),
    autoReplyEnabled: z.boolean(),
    autoReplyThreshold: z.number().min(0.5, "Threshold must be at least 0.5").max(1),
    autoReplyComplaints: z.boolean(),
    retentionDays: z.number().int().min(1, "Retention must be at least 1 day").max(3650),
    monthlyAiBudgetUsd: z.number().min(0).max(1_000_000).nullable(),
    crmSyncMinutes: z.number().int("Whole minutes only").min(5, "At least 5 minutes (the sync fan-out runs every 5)").max(1440, "At most 1,440 minutes (a day)"),
  })
  .partial();

export type WorkspaceSettings = {
  id: string; name: string; slug: string; toneGuidelines: string; autoReplyEnabled: boolean; autoReplyThreshold: number;
  autoReplyComplaints: boolean; retentionDays: number; monthlyAiBudgetUsd: number | null; crmSyncMinutes: number;
};

const SELECT = {
  id: true, name: true, slug: true, toneGuidelines: true, autoReplyEnabled: true, autoReplyThreshold: true,
  autoReplyComplaints: true, retentionDays: true, monthlyAiBudgetUsd: true, crmSyncMinutes: true,
} as const;

function toSettings(row: Prisma.WorkspaceGetPayload<{ select: typeof SELECT }>): WorkspaceSettings {
  return { ...row, monthlyAiBudgetUsd: row.monthlyAiBudgetUsd === null ? null : Number(row.monthlyAiBudgetUsd) };
}

export async function getWorkspaceSettings(tx: Tx, workspaceId: string): Promise<WorkspaceSettings> {
  return toSettings(await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: SELECT }));
}

export async function updateWorkspaceSettings(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof workspaceSettingsInput>): Promise<WorkspaceSettings> {
  const row = await tx.workspace.update({ where: { id: workspaceId }, data: input, select: SELECT });
  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "workspace.settings.update",
    target: { type: "workspace", id: workspaceId },
    metadata: { fields: Object.keys(input) },
  });
  return toSettings(row);
}
