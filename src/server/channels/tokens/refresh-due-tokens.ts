import type { Platform } from "@/generated/prisma/client";
import { dbPool } from "../../infra/db/client";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";
import { handlerPublisher } from "../../infra/outbox/publishers";
import { refreshAccountToken } from "./refresh-account-token";
import { ChannelNeedsReauthError } from "./token-errors";
import { channelTokenStore } from "./channel-token-store";
import { refresherFor } from "./token-refreshers";

/** Refreshed this far ahead: three runs of the 5-minute schedule before a token would expire. */
export const REFRESH_WINDOW_MS = 15 * 60_000;
const LIMIT = 500;
/** Provider calls in flight at once. */
const CONCURRENCY = 8;
/**
 * No new wave starts after this (the job's timeout is 240 s, and a wave may take a provider
 * timeout): what is left is counted `deferred` and the next run, 5 minutes on, takes it.
 */
const RUN_BUDGET_MS = 180_000;

export type RefreshReport = { due: number; refreshed: number; unchanged: number; needsReauth: number; failed: number; deferred: number };

/**
 * The `refresh-tokens` job (every 5 minutes): every ACTIVE channel with a refresh token that
 * expires within REFRESH_WINDOW_MS is refreshed, one at a time per channel (a send refreshing
 * the same channel waits on the row lock and then finds it fresh). Failures are per channel:
 * a transient one leaves the tokens as they were for the next run (counted in `failed`), a
 * definitive one marks the channel NEEDS_REAUTH. A database failure fails the job (retried).
 */
export async function refreshDueTokens(jobs: JobHandlerContext, now = new Date()): Promise<RefreshReport> {
  const expiringBefore = new Date(now.getTime() + REFRESH_WINDOW_MS);
  const { rows } = await dbPool().query<{ id: string; workspaceId: string; platform: Platform }>(
    `SELECT id, "workspaceId", platform FROM channels_due_for_token_refresh($1::timestamp(3), $2::int)`,
    [expiringBefore.toISOString(), LIMIT],
  );
  const report: RefreshReport = { due: rows.length, refreshed: 0, unchanged: 0, needsReauth: 0, failed: 0, deferred: 0 };
  const started = Date.now();
  const publisher = handlerPublisher(jobs.publish);
  const log = logger.child({ component: "token-refresh" });

  for (let i = 0; i < rows.length; i += CONCURRENCY) {
    if (Date.now() - started > RUN_BUDGET_MS) {
      report.deferred = rows.length - i;
      break;
    }
    await Promise.all(
      rows.slice(i, i + CONCURRENCY).map(async (row) => {
        try {
          const outcome = await refreshAccountToken(channelTokenStore, { workspaceId: row.workspaceId, id: row.id, refresh: refresherFor(row.platform), expiringBefore, publisher });
          report[outcome.refreshed ? "refreshed" : "unchanged"] += 1;
        } catch (error) {
          if (error instanceof ChannelNeedsReauthError) {
            report.needsReauth += 1;
            log.warn({ workspaceId: row.workspaceId, channelId: row.id, platform: row.platform, reason: error.reason }, "channel needs re-auth");
          } else {
            report.failed += 1;
            log.warn({ workspaceId: row.workspaceId, channelId: row.id, platform: row.platform, errorName: error instanceof Error ? error.name : "Error" }, "token refresh failed; next run retries");
          }
        }
      }),
    );
  }
  if (report.due > 0) log.info(report, "token refresh run");
  return report;
}
