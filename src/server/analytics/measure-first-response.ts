import type { RawSql } from "../infra/db/sql";
import type { SqlRange } from "./analytics-input";

/** How far before the range a wait may have begun and still be seen (so it is not mistaken for one that began inside it). */
export const WAIT_LOOKBACK = "7 days";

export type Responder = "AI" | "HUMAN";
export type ResponseTimes = { answered: number; p50: number | null; p90: number | null; p99: number | null };
export type FirstResponse = { all: ResponseTimes; byResponder: Record<Responder, ResponseTimes>; unanswered: number };

type Row = { responder: Responder | null; total: boolean; answered: number; unanswered: number; p: number[] | null };

const none = (): ResponseTimes => ({ answered: 0, p50: null, p90: null, p99: null });

/**
 * Time to first response, in seconds. A wait begins with a lead's inbound message when no reply
 * has been sent since their previous one, and ends with the first reply SENT after it in the
 * same conversation; later messages in the same wait do not restart the clock. Counted: waits
 * that began in the range and were answered before its end. The responder is the AI when the
 * reply went out on its own (an AI reply no person approved, edited or wrote), a person
 * otherwise (an approved or edited AI draft, or a reply a person wrote).
 *
 * One pass over the range's inbound messages and sent replies (both from partial covering
 * indexes, migration 20261130002500_analytics_indexes): ordered per conversation, a running
 * count of replies numbers the waits, and each wait's first inbound and its reply give one
 * duration; percentile_cont gives p50/p90/p99 per responder and overall (GROUPING SETS). The
 * conversation ids are ordered byte-wise (COLLATE "C"): only equality matters here, and the sort
 * of a range's events is most of the query's cost (`npm run bench:analytics` shows the plan).
 * Events from up to WAIT_LOOKBACK before the range are read so a wait that began earlier is
 * recognised and left out rather than counted from its first message inside the range.
 */
export async function measureFirstResponse(tx: RawSql, r: SqlRange): Promise<FirstResponse> {
  const rows = await tx.$queryRaw<Row[]>`
    WITH events AS (
      SELECT m."conversationId" COLLATE "C" AS conv, m."sentAt" AS t, NULL::text AS responder
        FROM messages m
       WHERE m."workspaceId" = ${r.workspaceId} AND m.direction = 'INBOUND'
         AND m."sentAt" >= ${r.from}::timestamp(3) - ${WAIT_LOOKBACK}::interval AND m."sentAt" < ${r.to}::timestamp(3)
         AND (${r.channelId}::text IS NULL OR m."channelId" = ${r.channelId}::text)
      UNION ALL
      SELECT rp."conversationId" COLLATE "C", rp."sentAt", CASE WHEN rp.source = 'AI' AND rp."approvedById" IS NULL THEN 'AI' ELSE 'HUMAN' END
        FROM replies rp
       WHERE rp."workspaceId" = ${r.workspaceId} AND rp.status = 'SENT'
         AND rp."sentAt" >= ${r.from}::timestamp(3) - ${WAIT_LOOKBACK}::interval AND rp."sentAt" < ${r.to}::timestamp(3)
    ), numbered AS (
      SELECT conv, t, responder,
             count(responder) OVER (PARTITION BY conv ORDER BY t, responder NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wait
        FROM events
    ), waits AS (
      SELECT min(t) FILTER (WHERE responder IS NULL) AS asked, min(t) FILTER (WHERE responder IS NOT NULL) AS replied, min(responder) AS responder
        FROM numbered GROUP BY conv, wait
    )
    SELECT responder, GROUPING(responder) = 1 AS total, count(replied)::int AS answered, (count(*) - count(replied))::int AS unanswered,
           percentile_cont(ARRAY[0.5, 0.9, 0.99]::float8[]) WITHIN GROUP (ORDER BY extract(epoch FROM replied - asked)::float8)
             FILTER (WHERE replied IS NOT NULL) AS p
      FROM waits
     WHERE asked >= ${r.from}::timestamp(3)
     GROUP BY GROUPING SETS ((responder), ())`;

  const result: FirstResponse = { all: none(), byResponder: { AI: none(), HUMAN: none() }, unanswered: 0 };
  for (const row of rows) {
    const [p50 = null, p90 = null, p99 = null] = row.p ?? [];
    const times = { answered: row.answered, p50, p90, p99 };
    if (row.total) {
      result.all = times;
      result.unanswered = row.unanswered;
    } else if (row.responder) result.byResponder[row.responder] = times; // null: the waits nobody answered yet
  }
  return result;
}
