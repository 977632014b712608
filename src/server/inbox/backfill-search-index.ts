import { db } from "../infra/db/client";
import { withTenantSql } from "../infra/db/sql";
import { indexPending } from "./search-index";

/**
 * Indexes every workspace's messages and contacts not in the search index yet (rows from before
 * it existed, edited texts, renamed contacts), `batchSize` rows per tenant transaction. Safe to
 * stop and run again. After BLIND_INDEX_KEY changes, mark everything unindexed first
 * (`UPDATE messages SET "searchIndexedAt" = NULL`, the same for contacts' "nameIndexedAt") and run it.
 */
export async function backfillSearchIndex(opts: { batchSize?: number; workspaceIds?: string[]; onProgress?: (p: { workspaceId: string; messages: number; contacts: number }) => void } = {}) {
  const batchSize = opts.batchSize ?? 500;
  const workspaceIds = opts.workspaceIds ?? (await db().workspaceDirectory.findMany({ select: { workspaceId: true }, orderBy: { workspaceId: "asc" } })).map((w) => w.workspaceId);
  const total = { workspaces: workspaceIds.length, messages: 0, contacts: 0 };
  for (const workspaceId of workspaceIds) {
    for (;;) {
      const done = await withTenantSql({ workspaceId }, (tx) => indexPending(tx, workspaceId, batchSize));
      total.messages += done.messages;
      total.contacts += done.contacts;
      if (done.messages + done.contacts > 0) opts.onProgress?.({ workspaceId, ...done });
      if (done.messages < batchSize && done.contacts < batchSize) break;
    }
  }
  return total;
}
