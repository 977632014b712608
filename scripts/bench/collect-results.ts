import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Arrival } from "./drive-load";
import { summarise } from "./percentiles";

export type Outcome = {
  platformMessageId: string;
  messageStatus: string;
  intent: string | null;
  processedMs: number | null;
  replyStatus: string | null;
  sentMs: number | null;
};

/**
 * Waits until every stored message of the workspace is PROCESSED or FAILED and no reply is
 * still QUEUED or SENDING, polling an aggregate twice a second (cheap next to the load).
 * Returns false when `timeoutMs` passes first.
 */
export async function waitForPipeline(client: pg.Client, workspaceId: string, expected: number, timeoutMs: number, onProgress?: (done: number) => void): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ done: string; outbox: string }>(
      `SELECT (SELECT count(*) FROM messages WHERE "workspaceId" = $1 AND status IN ('PROCESSED', 'FAILED')) AS done,
              (SELECT count(*) FROM replies WHERE "workspaceId" = $1 AND status IN ('QUEUED', 'SENDING')) AS outbox`,
      [workspaceId],
    );
    const done = Number(rows[0]?.done ?? 0);
    onProgress?.(done);
    if (done >= expected && Number(rows[0]?.outbox ?? 0) === 0) return true;
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

/** Timestamps are read as epoch ms in SQL: Prisma stores UTC in `timestamp without time zone`. */
export async function readOutcomes(client: pg.Client, workspaceId: string): Promise<Map<string, Outcome>> {
  const { rows } = await client.query<{ pmid: string; status: string; intent: string | null; processed_ms: string | null; reply_status: string | null; sent_ms: string | null }>(
    `SELECT m."platformMessageId" AS pmid, m.status, m.intent,
            extract(epoch FROM m."processedAt") * 1000 AS processed_ms,
            r.status AS reply_status, extract(epoch FROM r."sentAt") * 1000 AS sent_ms
       FROM messages m LEFT JOIN replies r ON r."aiForMessageId" = m.id
      WHERE m."workspaceId" = $1`,
    [workspaceId],
  );
  const toMs = (v: string | null) => (v === null ? null : Number(v));
  return new Map(rows.map((r) => [r.pmid, { platformMessageId: r.pmid, messageStatus: r.status, intent: r.intent, processedMs: toMs(r.processed_ms), replyStatus: r.reply_status, sentMs: toMs(r.sent_ms) }]));
}

export type RunMeasurement = {
  messages: number;
  /** First webhook accepted to the last reply sent (or message processed). */
  seconds: number;
  achievedPerSecond: number;
  /** Offered rate actually achieved by the load generator. */
  postedPerSecond: number;
  /** Webhook accepted -> reply SENT. */
  latencyMs: ReturnType<typeof summarise>;
  /** Webhook posted -> reply SENT: also counts the time the webhook call itself waited (e.g. a group-commit linger). */
  postedLatencyMs: ReturnType<typeof summarise>;
  webhookMs: ReturnType<typeof summarise>;
  sent: number;
  drafted: number;
  noReply: number;
  failed: number;
  rejected: number;
  incomplete: number;
  intents: Record<string, number>;
};

/** Joins what the load generator saw with what the database recorded. */
export function measure(arrivals: readonly Arrival[], outcomes: ReadonlyMap<string, Outcome>): RunMeasurement {
  const latencies: number[] = [];
  const postedLatencies: number[] = [];
  const intents: Record<string, number> = {};
  let firstArrival = Infinity;
  let lastPost = -Infinity;
  let lastDone = -Infinity;
  const counts = { sent: 0, drafted: 0, noReply: 0, failed: 0, rejected: 0, incomplete: 0 };
  for (const a of arrivals) {
    lastPost = Math.max(lastPost, a.acceptedAt);
    const o = outcomes.get(a.platformMessageId);
    if (a.error || !o) {
      counts.rejected += 1;
      continue;
    }
    firstArrival = Math.min(firstArrival, a.acceptedAt);
    if (o.intent) intents[o.intent] = (intents[o.intent] ?? 0) + 1;
    if (o.messageStatus === "FAILED" || o.replyStatus === "FAILED") counts.failed += 1;
    else if (o.messageStatus !== "PROCESSED" || o.replyStatus === "QUEUED" || o.replyStatus === "SENDING") counts.incomplete += 1;
    else if (o.replyStatus === "SENT" && o.sentMs !== null) {
      counts.sent += 1;
      latencies.push(o.sentMs - a.acceptedAt);
      postedLatencies.push(o.sentMs - a.postedAt);
      lastDone = Math.max(lastDone, o.sentMs);
    } else {
      if (o.replyStatus === "DRAFT") counts.drafted += 1;
      else counts.noReply += 1;
      if (o.processedMs !== null) lastDone = Math.max(lastDone, o.processedMs);
    }
  }
  const seconds = Math.max(0.001, (lastDone - firstArrival) / 1000);
  const completed = counts.sent + counts.drafted + counts.noReply;
  const postedFrom = Math.min(...arrivals.map((a) => a.postedAt));
  return {
    messages: arrivals.length,
    seconds,
    achievedPerSecond: completed / seconds,
    postedPerSecond: arrivals.length / Math.max(0.001, (lastPost - postedFrom) / 1000),
    latencyMs: summarise(latencies),
    postedLatencyMs: summarise(postedLatencies),
    webhookMs: summarise(arrivals.map((a) => a.acceptedAt - a.postedAt)),
    ...counts,
    intents,
  };
}
