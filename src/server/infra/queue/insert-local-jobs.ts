import { randomUUID } from "node:crypto";

import type PgBoss from "pg-boss";

import { deriveLocalJobId } from "@/server/infra/queue/derive-dedup-id";
import type { JobEnvelope } from "@/server/infra/queue/job-envelope";
import { QueuePublishError, type PublishOptions, type PublishResult } from "@/server/infra/queue/queue-port";

export interface LocalJobItem {
  payload: unknown;
  opts?: PublishOptions;
}

/**
 * Many jobs of one queue in one statement: pg-boss' `insert` (json_to_recordset joined to
 * the queue row, so retry policy, expiry and dead letter come from the queue exactly as for
 * `send`; ON CONFLICT DO NOTHING). Ids are chosen here: derived from the dedupId as in
 * `publish` (a repeat inserts nothing), random otherwise, so every result has its id.
 * Repeats of one dedupId within the call are sent once. Payloads must already be checked.
 */
export async function insertLocalJobs(
  boss: PgBoss,
  name: string,
  items: readonly LocalJobItem[],
): Promise<PublishResult[]> {
  const jobs = items.map((item) => ({
    ...item,
    id: item.opts?.dedupId === undefined ? randomUUID() : deriveLocalJobId(name, item.opts.dedupId),
  }));
  const firstIndex = new Map<string, number>();
  const rows: PgBoss.JobInsert[] = [];
  jobs.forEach(({ id, payload, opts }, index) => {
    if (firstIndex.has(id)) return;
    firstIndex.set(id, index);
    const data: JobEnvelope = { payload };
    const delay = opts?.delaySeconds ?? 0;
    rows.push({
      id,
      name,
      data,
      ...(opts?.dedupId === undefined ? {} : { singletonKey: opts.dedupId }),
      // Text without a trailing "Z" is read as an interval from the database's now(), as `send` does.
      ...(delay > 0 ? { startAfter: String(delay) } : {}),
    });
  });

  const inserted = await insertReturningIds(boss, rows);
  const results = jobs.map(({ id }, index): PublishResult => {
    const wentIn = firstIndex.get(id) === index && (inserted === undefined || inserted.has(id));
    return { id, deduplicated: !wentIn };
  });
  // A job without a dedupId has a fresh id: only a missing queue row keeps it out.
  const lost = jobs.filter((job, index) => job.opts?.dedupId === undefined && results[index]?.deduplicated);
  if (lost.length > 0) {
    throw new QueuePublishError(name, `pg-boss did not insert ${lost.length} of ${items.length} "${name}" jobs and gave no reason`);
  }
  return results;
}

const INSERT_TAIL = /ON CONFLICT DO NOTHING\s*$/;

/**
 * pg-boss 10's `insert` reports nothing (its statement has no RETURNING), but it runs on the
 * `db` it is handed: adding `RETURNING id` to that one statement says which rows went in,
 * i.e. which dedup ids were repeats. If a pg-boss upgrade changes the statement's tail, the
 * statement runs unchanged and the answer is "unknown" (undefined).
 */
async function insertReturningIds(boss: PgBoss, jobs: PgBoss.JobInsert[]): Promise<Set<string> | undefined> {
  const db = boss.getDb();
  let inserted: Set<string> | undefined;
  await boss.insert(jobs, {
    db: {
      async executeSql(text, values) {
        const returning = INSERT_TAIL.test(text);
        const result = await db.executeSql(returning ? `${text.trimEnd()} RETURNING id` : text, values);
        if (returning) inserted = new Set(result.rows.map((row: { id: unknown }) => String(row.id)));
        return result;
      },
    },
  });
  return inserted;
}
