import { assertChannelInWorkspace } from "../../channels/assert-channel-in-workspace";
import { analyticsInput, sqlRange, type AnalyticsInput, type SqlRange } from "../../analytics/analytics-input";
import { checkCrmHealth } from "../../analytics/check-crm-health";
import { countMessageVolume } from "../../analytics/count-message-volume";
import { measureFirstResponse } from "../../analytics/measure-first-response";
import { runAnalyticsQuery } from "../../analytics/run-analytics-query";
import { summarizeAiUsage } from "../../analytics/summarize-ai-usage";
import { summarizeLeads } from "../../analytics/summarize-leads";
import { tallyReplyOutcomes } from "../../analytics/tally-reply-outcomes";
import type { RawSql } from "../../infra/db/sql";
import { createTRPCRouter, viewerProcedure } from "../trpc";

type Ctx = { workspaceId: string; tenant: <T>(fn: (tx: RawSql) => Promise<T>) => Promise<T> };

/**
 * One aggregate in its own tenant transaction (timeout and sort memory set), for the active
 * workspace only; a channel filter that is not one of its channels is NOT_FOUND.
 */
function aggregate<T>(ctx: Ctx, input: AnalyticsInput, query: string, fn: (tx: RawSql, r: SqlRange) => Promise<T>): Promise<T> {
  const range = sqlRange(ctx.workspaceId, input);
  return ctx.tenant(async (tx) => {
    await assertChannelInWorkspace(tx, ctx.workspaceId, range.channelId);
    return runAnalyticsQuery(tx, { workspaceId: ctx.workspaceId, query }, () => fn(tx, range));
  });
}

/** Read-only figures for the analytics page; viewers may see them. One procedure per panel, so each loads and fails on its own. */
export const analyticsRouter = createTRPCRouter({
  volume: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "volume", countMessageVolume)),
  firstResponse: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "firstResponse", measureFirstResponse)),
  leads: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "leads", summarizeLeads)),
  replyOutcomes: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "replyOutcomes", tallyReplyOutcomes)),
  aiUsage: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "aiUsage", (tx, r) => summarizeAiUsage(tx, r))),
  crmHealth: viewerProcedure.input(analyticsInput).query(({ ctx, input }) => aggregate(ctx, input, "crmHealth", checkCrmHealth)),
});
