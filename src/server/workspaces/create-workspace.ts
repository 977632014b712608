import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { encrypt } from "../infra/crypto/field-crypto";
import { newId } from "../infra/db/new-id";
import { withTenant } from "../infra/db/tenant";
import { env } from "../infra/env/load-env";
import { assertMayCreateWorkspace } from "./workspace-creation-limits";

export const createWorkspaceInput = z.object({
  name: z.string().trim().min(2, "Workspace name must be at least 2 characters").max(80, "Workspace name is too long"),
});

function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "workspace";
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/**
 * Onboarding: a new workspace with its creator as admin and a Demo channel, starting with the
 * default monthly AI budget (NEW_WORKSPACE_AI_BUDGET_USD). The account's creation limits are
 * checked and the creation recorded in the same transaction, so a refused creation leaves
 * nothing behind and two concurrent ones cannot both slip under the limit.
 */
export async function createWorkspace(userId: string, input: z.infer<typeof createWorkspaceInput>): Promise<{ workspaceId: string; slug: string }> {
  const e = env();
  const workspaceId = `ws_${randomBytes(12).toString("hex")}`;
  const slug = slugify(input.name);
  await withTenant({ workspaceId, userId }, async (tx) => {
    await assertMayCreateWorkspace(tx, userId, { perDay: e.WORKSPACES_PER_ACCOUNT_PER_DAY, max: e.WORKSPACES_PER_ACCOUNT_MAX });
    await tx.workspace.create({ data: { id: workspaceId, name: input.name, slug, monthlyAiBudgetUsd: e.NEW_WORKSPACE_AI_BUDGET_USD } });
    await tx.workspaceCreation.create({ data: { id: newId(), userId, workspaceId } });
    await tx.membership.create({ data: { workspaceId, userId, role: "ADMIN" } });
    // Every workspace starts with a Demo channel, so a newcomer can play the customer at once.
    await tx.channel.create({
      data: { workspaceId, platform: "DEMO", externalId: `demo-${workspaceId}`, name: "Demo channel", secretEnc: encrypt(randomBytes(32).toString("base64url")) },
    });
    await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "workspace.create", target: { type: "workspace", id: workspaceId } });
  });
  return { workspaceId, slug };
}
