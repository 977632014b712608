import type { Platform } from "@/generated/prisma/client";
import { PLATFORMS } from "@/shared/vocabulary";
import { dbPool } from "../../infra/db/client";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";
import { connectorFor } from "../registry";

/** Most channels of one platform published per run; the rest are due at the next (oldest poll first). */
const MAX_PER_PLATFORM = 500;

export type FanOutReport = { published: Partial<Record<Platform, number>>; deduplicated: number };

/**
 * The `poll-channels` job (every minute): for each platform whose connector polls, the ACTIVE
 * channels not polled within its interval (`channels_due_for_poll`, across workspaces, ids only)
 * each get one `poll-channel` job. The dedup id is the channel plus the interval's time bucket,
 * so a poll still running (or queued) when the next fan-out comes is not published twice; two
 * polls that meet anyway are settled by poll-channel's cursor check.
 */
export async function pollChannels(jobs: JobHandlerContext, now = new Date()): Promise<FanOutReport> {
  const report: FanOutReport = { published: {}, deduplicated: 0 };
  for (const platform of PLATFORMS) {
    const poller = connectorFor(platform)?.poller;
    if (!poller) continue;
    const intervalMs = poller.intervalSeconds * 1000;
    const { rows } = await dbPool().query<{ id: string; workspaceId: string }>(
      `SELECT id, "workspaceId" FROM channels_due_for_poll($1::text[], $2::timestamp(3), $3::int)`,
      [[platform], new Date(now.getTime() - intervalMs).toISOString(), MAX_PER_PLATFORM],
    );
    if (rows.length === 0) continue;
    const bucket = Math.floor(now.getTime() / intervalMs);
    const results = await jobs.publish(
      "poll-channel",
      rows.map((row) => ({ payload: { workspaceId: row.workspaceId, channelId: row.id }, opts: { dedupId: `${row.id}.poll.${bucket}` } })),
    );
    report.published[platform] = rows.length;
    report.deduplicated += results.filter((r) => r.deduplicated).length;
  }
  if (Object.keys(report.published).length > 0) logger.info({ component: "poll", ...report }, "poll fan-out");
  return report;
}
