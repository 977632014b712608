import type { CrmProvider } from "@/generated/prisma/client";
import { REFRESH_WINDOW_MS } from "../../channels/tokens/refresh-due-tokens";
import { dbPool } from "../../infra/db/client";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";
import { handlerPublisher } from "../../infra/outbox/publishers";
import type { CrmOAuthProvider } from "../crm-connector";
import { getCrmCredentials, CrmNeedsReauthError } from "./get-crm-credentials";

const LIMIT = 500;
const CONCURRENCY = 4;
/** The refresh-tokens job also refreshes channels; this part stops starting waves after a minute. */
const RUN_BUDGET_MS = 60_000;

export type CrmRefreshReport = { due: number; refreshed: number; needsReauth: number; failed: number; deferred: number };

/**
 * The CRM part of the `refresh-tokens` job (every 5 minutes): OAuth connections whose access
 * token expires within REFRESH_WINDOW_MS (`crm_connections_due_for_token_refresh`, across
 * workspaces, ids only) are refreshed through getCrmCredentials, so a sync run rarely waits on a
 * refresh. Per connection: a transient failure leaves the tokens for the next run, a refused
 * refresh marks the connection NEEDS_REAUTH (audit + realtime). A database failure fails the job.
 */
export async function refreshDueCrmTokens(
  jobs: JobHandlerContext,
  now = new Date(),
  /** The OAuth provider per connection (tests); default: the registry's. */
  oauthFor?: (row: { id: string; provider: CrmProvider }) => CrmOAuthProvider | null,
): Promise<CrmRefreshReport> {
  const { rows } = await dbPool().query<{ id: string; workspaceId: string; provider: CrmProvider }>(
    `SELECT id, "workspaceId", provider FROM crm_connections_due_for_token_refresh($1::timestamp(3), $2::int)`,
    [new Date(now.getTime() + REFRESH_WINDOW_MS).toISOString(), LIMIT],
  );
  const report: CrmRefreshReport = { due: rows.length, refreshed: 0, needsReauth: 0, failed: 0, deferred: 0 };
  const publisher = handlerPublisher(jobs.publish);
  const log = logger.child({ component: "crm-token-refresh" });
  const started = Date.now();
  for (let i = 0; i < rows.length; i += CONCURRENCY) {
    if (Date.now() - started > RUN_BUDGET_MS) {
      report.deferred = rows.length - i;
      break;
    }
    await Promise.all(
      rows.slice(i, i + CONCURRENCY).map(async (row) => {
        try {
          await getCrmCredentials(row.workspaceId, row.id, { publisher, refreshAheadMs: REFRESH_WINDOW_MS, oauth: oauthFor?.(row) });
          report.refreshed += 1;
        } catch (error) {
          if (error instanceof CrmNeedsReauthError) {
            report.needsReauth += 1;
            log.warn({ workspaceId: row.workspaceId, connectionId: row.id, provider: row.provider, reason: error.reason }, "CRM connection needs re-auth");
          } else {
            report.failed += 1;
            log.warn({ workspaceId: row.workspaceId, connectionId: row.id, provider: row.provider, errorName: error instanceof Error ? error.name : "Error" }, "CRM token refresh failed; next run retries");
          }
        }
      }),
    );
  }
  if (report.due > 0) log.info(report, "CRM token refresh run");
  return report;
}
