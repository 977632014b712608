import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createWorkspace, createWorkspaceInput } from "../../workspaces/create-workspace";
import { listMyWorkspaces } from "../../workspaces/list-my-workspaces";
import { getWorkspaceSettings, updateWorkspaceSettings, workspaceSettingsInput } from "../../workspaces/settings";
import { workspaceCookie } from "../../auth/session-cookie";
import { getAutomationSettings, saveAutomationRules } from "../../automation/automation-settings";
import { previewTone, tonePreviewInput } from "../../tone/preview-tone";
import { automationRulesSchema } from "@/shared/automation/automation-rules";
import { adminProcedure, authedProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const workspaceRouter = createTRPCRouter({
  mine: authedProcedure.query(({ ctx }) => listMyWorkspaces(ctx.userId)),

  create: authedProcedure.input(createWorkspaceInput).mutation(async ({ ctx, input }) => {
    const created = await createWorkspace(ctx.userId, input);
    ctx.resHeaders.append("set-cookie", workspaceCookie(created.workspaceId));
    return created;
  }),

  switch: authedProcedure.input(z.object({ workspaceId: z.string().min(1).max(100) })).mutation(async ({ ctx, input }) => {
    const mine = await listMyWorkspaces(ctx.userId);
    if (!mine.some((w) => w.id === input.workspaceId)) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
    ctx.resHeaders.append("set-cookie", workspaceCookie(input.workspaceId));
    return { workspaceId: input.workspaceId };
  }),

  current: viewerProcedure.query(async ({ ctx }) => ({
    role: ctx.role,
    settings: await ctx.tenant((tx) => getWorkspaceSettings(tx, ctx.workspaceId)),
  })),

  updateSettings: adminProcedure
    .input(workspaceSettingsInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateWorkspaceSettings(tx, ctx.workspaceId, ctx.userId, input))),

  /** Settings -> Automation: per-intent modes and thresholds, channel overrides, quiet hours (read-only below admin). */
  automation: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => getAutomationSettings(tx, ctx.workspaceId))),
  updateAutomation: adminProcedure
    .input(automationRulesSchema)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => saveAutomationRules(tx, ctx.workspaceId, ctx.userId, input))),
  /** The reply to a sample message with the tone being edited; saves nothing (src/server/tone/preview-tone.ts). */
  previewTone: adminProcedure.input(tonePreviewInput).mutation(({ ctx, input }) => previewTone(ctx.tenant, ctx.workspaceId, input)),
});
