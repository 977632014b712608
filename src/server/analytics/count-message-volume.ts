import { INTENTS, type IntentValue, type PlatformValue } from "@/shared/vocabulary";
import type { RawSql } from "../infra/db/sql";
import type { Bucket, SqlRange } from "./analytics-input";
import { listBuckets } from "./list-buckets";

export type VolumeIntent = IntentValue | "UNCLASSIFIED";
export const VOLUME_INTENTS: readonly VolumeIntent[] = [...INTENTS, "UNCLASSIFIED"];

export type MessageVolume = {
  bucket: Bucket;
  /** Every bucket of the range in order, "YYYY-MM-DD" (the day, or the Monday of the week) in the range's zone. */
  buckets: string[];
  total: number;
  byIntent: Array<{ bucket: string; counts: Record<VolumeIntent, number> }>;
  byChannel: Array<{ bucket: string; counts: Record<string, number> }>;
  channels: Array<{ id: string; name: string; platform: PlatformValue; total: number }>;
  intentTotals: Record<VolumeIntent, number>;
};

type Row = { bucket: string; channelId: string | null; intent: string | null; byChannel: boolean; messages: number };

const zeroIntents = (): Record<VolumeIntent, number> => ({ SALES: 0, SUPPORT: 0, SPAM: 0, OTHER: 0, UNCLASSIFIED: 0 });

/**
 * Inbound messages (what leads sent) per bucket, by intent and by channel, counted in one pass
 * by GROUPING SETS over the partial index on inbound messages by workspace and sent time
 * (migration 20261130002500_analytics_indexes). Messages not classified yet count as UNCLASSIFIED.
 */
export async function countMessageVolume(tx: RawSql, r: SqlRange): Promise<MessageVolume> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT to_char(s.b, 'YYYY-MM-DD') AS bucket, s."channelId", s.intent, GROUPING(s."channelId") = 0 AS "byChannel", count(*)::int AS messages
      FROM (SELECT date_trunc(${r.bucket}, (m."sentAt" AT TIME ZONE 'UTC') AT TIME ZONE ${r.timeZone}) AS b,
                   m."channelId", COALESCE(m.intent::text, 'UNCLASSIFIED') AS intent
              FROM messages m
             WHERE m."workspaceId" = ${r.workspaceId} AND m.direction = 'INBOUND'
               AND m."sentAt" >= ${r.from}::timestamp(3) AND m."sentAt" < ${r.to}::timestamp(3)
               AND (${r.channelId}::text IS NULL OR m."channelId" = ${r.channelId}::text)) s
     GROUP BY GROUPING SETS ((s.b, s."channelId"), (s.b, s.intent))`;
  const channels = await tx.$queryRaw<Array<{ id: string; name: string; platform: PlatformValue }>>`
    SELECT id, name, platform::text AS platform FROM channels
     WHERE "workspaceId" = ${r.workspaceId} AND (${r.channelId}::text IS NULL OR id = ${r.channelId}::text) ORDER BY "createdAt", id`;
  const buckets = await listBuckets(tx, r);

  const intentBy = new Map(buckets.map((b) => [b, zeroIntents()]));
  const channelBy = new Map(buckets.map((b) => [b, {} as Record<string, number>]));
  const intentTotals = zeroIntents();
  const channelTotals = new Map<string, number>();
  for (const row of rows) {
    if (row.byChannel && row.channelId) {
      const counts = channelBy.get(row.bucket);
      if (counts) counts[row.channelId] = row.messages;
      channelTotals.set(row.channelId, (channelTotals.get(row.channelId) ?? 0) + row.messages);
    } else if (!row.byChannel && row.intent) {
      const intent = row.intent as VolumeIntent;
      const counts = intentBy.get(row.bucket);
      if (counts) counts[intent] = row.messages;
      intentTotals[intent] += row.messages;
    }
  }
  return {
    bucket: r.bucket,
    buckets,
    total: Object.values(intentTotals).reduce((a, b) => a + b, 0),
    byIntent: buckets.map((bucket) => ({ bucket, counts: intentBy.get(bucket) ?? zeroIntents() })),
    byChannel: buckets.map((bucket) => ({ bucket, counts: channelBy.get(bucket) ?? {} })),
    channels: channels.map((c) => ({ ...c, total: channelTotals.get(c.id) ?? 0 })),
    intentTotals,
  };
}
