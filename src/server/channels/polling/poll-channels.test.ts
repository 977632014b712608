import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import type { ChannelStatus, Platform } from "@/generated/prisma/client";
import { withTenant } from "../../infra/db/tenant";
import type { PublishJobs } from "../../infra/jobs/catalog";
import { pollChannels } from "./poll-channels";

/**
 * The poll fan-out across workspaces. The channels carry no token, so a poll of them from a
 * test process' own schedule could never reach a platform; they are disconnected afterwards.
 */
let workspaceId: string;
const ids: Record<string, string> = {};
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function channel(label: string, platform: Platform, status: ChannelStatus, lastPolledAt: Date | null) {
  const row = await withTenant({ workspaceId }, (tx) =>
    tx.channel.create({ data: { workspaceId, platform, externalId: `${label}-${randomInt(1e9, 1e10)}`, name: label, status, lastPolledAt } }),
  );
  ids[label] = row.id;
}

function recorder() {
  const items: Array<{ channelId: string; workspaceId: string; dedupId: string | undefined }> = [];
  const publish = (async (name, batch) => {
    expect(name).toBe("poll-channel");
    for (const item of batch) items.push({ ...(item.payload as { channelId: string; workspaceId: string }), dedupId: item.opts?.dedupId });
    return batch.map(() => ({ id: null, deduplicated: false }));
  }) as PublishJobs;
  return { items, publish };
}

beforeAll(async () => {
  ({ workspaceId } = await createWorkspaceWithTeam("Fan-out"));
  await channel("x-never-polled", "X", "ACTIVE", null);
  await channel("x-polled-2-min-ago", "X", "ACTIVE", minutesAgo(2));
  await channel("x-polled-just-now", "X", "ACTIVE", minutesAgo(0.2));
  await channel("x-needs-reauth", "X", "NEEDS_REAUTH", null);
  await channel("x-disconnected", "X", "DISCONNECTED", minutesAgo(30));
  await channel("fb-polled-6-min-ago", "FACEBOOK", "ACTIVE", minutesAgo(6));
  await channel("fb-polled-2-min-ago", "FACEBOOK", "ACTIVE", minutesAgo(2));
  await channel("ig-never-polled", "INSTAGRAM", "ACTIVE", null);
});

afterAll(async () => {
  await withTenant({ workspaceId }, (tx) => tx.channel.updateMany({ where: { id: { in: Object.values(ids) } }, data: { status: "DISCONNECTED" } }));
});

describe("poll-channels", () => {
  it("publishes one poll per due ACTIVE channel, by each platform's interval, with a dedup id per interval bucket", async () => {
    const now = new Date();
    const { items, publish } = recorder();
    const report = await pollChannels({ publish }, now);
    const mine = items.filter((i) => i.workspaceId === workspaceId).map((i) => i.channelId);
    expect(mine.sort()).toEqual([ids["x-never-polled"], ids["x-polled-2-min-ago"], ids["fb-polled-6-min-ago"], ids["ig-never-polled"]].sort());
    // The Demo channel every workspace has is not polled.
    expect(report.published.DEMO).toBeUndefined();
    expect(report.published.X).toBeGreaterThanOrEqual(2);

    const x = items.find((i) => i.channelId === ids["x-never-polled"]);
    expect(x?.dedupId).toBe(`${ids["x-never-polled"]}.poll.${Math.floor(now.getTime() / 60_000)}`);
    const fb = items.find((i) => i.channelId === ids["fb-polled-6-min-ago"]);
    expect(fb?.dedupId).toBe(`${ids["fb-polled-6-min-ago"]}.poll.${Math.floor(now.getTime() / 300_000)}`);

    // A second fan-out in the same bucket asks for the same jobs (the queue keeps one of each).
    const again = recorder();
    await pollChannels({ publish: again.publish }, now);
    expect(again.items.find((i) => i.channelId === ids["x-never-polled"])?.dedupId).toBe(x?.dedupId);
  });
});
