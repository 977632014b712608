import type { RawSql } from "../infra/db/sql";
import { AppError } from "../infra/errors/app-error";
import { logger } from "../infra/logger";
import { sqlState } from "../pipeline/refused-event";

/** One aggregate may not hold a connection longer than this; the page shows an error with a retry. */
export const ANALYTICS_STATEMENT_TIMEOUT = "10s";
/**
 * Sort memory for this transaction only: the first-response query orders a range's inbound
 * messages and replies by conversation, which spills to disk at the 4 MB default.
 */
const ANALYTICS_WORK_MEM = "64MB";

/** The SQLSTATE of a failed statement; Prisma's raw queries carry it under `meta.driverAdapterError`. */
function analyticsSqlState(error: unknown): string | undefined {
  const adapterError = (error as { meta?: { driverAdapterError?: unknown } } | null)?.meta?.driverAdapterError;
  return sqlState(adapterError) ?? sqlState(error);
}

/**
 * Runs one analytics aggregate inside the caller's tenant transaction with a statement timeout
 * and sort memory of its own (both `SET LOCAL`: they end with the transaction). A zone that
 * PostgreSQL does not know is the caller's mistake (400); a timeout is logged (no data, no ids
 * but the workspace's) and shown as "try a shorter range".
 */
export async function runAnalyticsQuery<T>(
  tx: RawSql,
  meta: { workspaceId: string; query: string; statementTimeout?: string },
  fn: () => Promise<T>,
): Promise<T> {
  const timeout = meta.statementTimeout ?? ANALYTICS_STATEMENT_TIMEOUT;
  await tx.$queryRaw`SELECT set_config('statement_timeout', ${timeout}, true), set_config('work_mem', ${ANALYTICS_WORK_MEM}, true)`;
  try {
    return await fn();
  } catch (error) {
    const state = analyticsSqlState(error);
    if (state === "22023") throw new AppError("BAD_REQUEST", "Unknown time zone.");
    if (state === "57014") {
      logger.warn({ workspaceId: meta.workspaceId, query: meta.query }, "analytics query timed out");
      throw new AppError("UNAVAILABLE", "These figures took too long to compute. Try a shorter range.");
    }
    throw error;
  }
}
