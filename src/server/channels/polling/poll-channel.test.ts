import { randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { metaJson, signMetaBody } from "../../../../tests/fakes/meta/deliver-webhook";
import { startFakeMeta, type FakeMeta } from "../../../../tests/fakes/meta/server";
import { startFakeX, type FakeX } from "../../../../tests/fakes/x/server";
import { createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import type { Platform } from "@/generated/prisma/client";
import { encrypt } from "../../infra/crypto/field-crypto";
import { withTenant } from "../../infra/db/tenant";
import { resetEnvCache } from "../../infra/env/load-env";
import type { JobHandlerContext, PublishJobs } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";
import { stopQueue } from "../../infra/runtime/queue";
import { handleWebhook } from "../../pipeline/handle-webhook";
import { PAGE_WEBHOOK_FIELDS } from "../meta/reconcile-subscription";
import { pollChannel } from "./poll-channel";
import { pollChannels } from "./poll-channels";

/**
 * The poll-channel job against real Postgres and the Graph / X fakes: X mentions and DMs by
 * polling, Meta reconciliation of missed webhooks, cursors, concurrency and failures. Jobs the
 * polls publish are recorded, not run.
 */
let meta: FakeMeta;
let x: FakeX;
let workspaceId: string;
const pageId = `10${randomInt(1e9, 1e10)}`;
const revokedPageId = `10${randomInt(1e9, 1e10)}`;
const channels: Partial<Record<"facebook" | "revoked" | "x", string>> = {};
const ENV_KEYS = ["META_APP_SECRET", "META_APP_ID", "META_GRAPH_URL", "META_GRAPH_VERSION", "X_API_URL", "X_CLIENT_ID", "X_CLIENT_SECRET"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

const published: Array<{ name: string; payload: unknown; dedupId: string | undefined }> = [];
const publish = (async (name, items) => {
  for (const item of items) published.push({ name, payload: item.payload, dedupId: item.opts?.dedupId });
  return items.map(() => ({ id: null, deduplicated: false }));
}) as PublishJobs;
const jobs: JobHandlerContext = { publish };
const jobsFor = (messageId: string) => published.filter((p) => p.name === "process-message" && (p.payload as { messageId: string }).messageId === messageId);

const tenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId }, fn);
const channelRow = (id: string) => tenant((tx) => tx.channel.findUniqueOrThrow({ where: { id } }));
const messagesWith = (ids: string[]) => tenant((tx) => tx.message.findMany({ where: { platformMessageId: { in: ids } } }));
/** Recently polled: the fan-out of any test process leaves these channels alone while this file runs. */
const recently = () => new Date(Date.now() - 1_000);

async function createChannel(platform: Platform, externalId: string, tokens: { access: string; refresh?: string; expiresAt?: Date }) {
  const row = await tenant((tx) =>
    tx.channel.create({
      data: {
        workspaceId, platform, externalId, name: `${platform} ${externalId}`, accessTokenEnc: encrypt(tokens.access),
        refreshTokenEnc: tokens.refresh ? encrypt(tokens.refresh) : null, tokenExpiresAt: tokens.expiresAt ?? null, lastPolledAt: recently(),
      },
    }),
  );
  return row.id;
}

beforeAll(async () => {
  meta = await startFakeMeta({ pages: [{ id: pageId, name: "Owen Bikes", instagram: false }, { id: revokedPageId, name: "Gone Page", instagram: false }] });
  x = await startFakeX();
  Object.assign(process.env, {
    META_APP_SECRET: meta.appSecret, META_APP_ID: meta.appId, META_GRAPH_URL: meta.url, META_GRAPH_VERSION: meta.version,
    X_API_URL: x.url, X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret,
  });
  resetEnvCache();
  ({ workspaceId } = await createWorkspaceWithTeam("Polling"));
  meta.store.subscriptions.set(pageId, [...PAGE_WEBHOOK_FIELDS]);
  channels.facebook = await createChannel("FACEBOOK", pageId, { access: meta.store.pages[0]!.accessToken });
  channels.revoked = await createChannel("FACEBOOK", revokedPageId, { access: meta.store.pages[1]!.accessToken });
  const tokens = x.issueTokens();
  channels.x = await createChannel("X", x.account.id, { access: String(tokens.access_token), refresh: String(tokens.refresh_token), expiresAt: new Date(Date.now() + 7_200_000) });
});

afterEach(() => {
  meta.faults.clear();
  x.faults.clear();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stopQueue();
  await meta?.close();
  await x?.close();
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

describe("poll-channel on a Facebook Page (reconciliation)", () => {
  it("recovers a missed webhook once, and the late webhook then stores nothing new", async () => {
    const missed = await meta.simulateInbound({ type: "messenger-message", text: "Is the blue bike still in stock?", pageId }, { drop: true });
    expect(missed.skipped).toBe("dropped");

    const report = await pollChannel({ workspaceId, channelId: channels.facebook! }, jobs);
    expect(report).toMatchObject({ status: "polled", received: 1, stored: 1, duplicates: 0, subscription: "subscribed" });
    const [message] = await messagesWith([missed.id]);
    expect(message).toMatchObject({ channelId: channels.facebook, direction: "INBOUND", status: "RECEIVED" });
    // Queued with the message id as dedup id: the same job the webhook path would queue.
    expect(jobsFor(message!.id).map((j) => j.dedupId)).toEqual([message!.id]);

    const raw = metaJson(missed.payload);
    const late = await handleWebhook("facebook", raw, new Headers({ "content-type": "application/json", "x-hub-signature-256": signMetaBody(raw, meta.appSecret).sha256 }));
    expect(late).toEqual({ received: 1, stored: 0, duplicates: 1 });
    expect(await messagesWith([missed.id])).toHaveLength(1);

    // And a second reconciliation does not hand it out again.
    expect(await pollChannel({ workspaceId, channelId: channels.facebook! }, jobs)).toMatchObject({ status: "polled", received: 0, stored: 0 });
    expect(jobsFor(message!.id)).toHaveLength(1);
  });

  it("re-subscribes an app that was unsubscribed, with an audit entry", async () => {
    meta.unsubscribeApp(pageId);
    const report = await pollChannel({ workspaceId, channelId: channels.facebook! }, jobs);
    expect(report).toMatchObject({ status: "polled", subscription: "resubscribed" });
    expect(meta.store.subscriptions.get(pageId)).toEqual([...PAGE_WEBHOOK_FIELDS]);
    const channel = await channelRow(channels.facebook!);
    expect(channel.subscriptionCheckedAt).not.toBeNull();
    expect(channel.metadata).toMatchObject({ webhookSubscription: "ok" });
    const audit = await tenant((tx) => tx.auditLog.findMany({ where: { action: "channel.resubscribed", targetId: channels.facebook } }));
    expect(audit).toHaveLength(1);
  });

  it("loses nothing when the Graph API is down: the job fails (retried), the cursor stays, the next run recovers", async () => {
    const before = await channelRow(channels.facebook!);
    const missed = await meta.simulateInbound({ type: "facebook-comment", text: "Do you deliver to Lyon?", pageId }, { drop: true });
    meta.faults.inject("conversations", { kind: "server-error", status: 503 });
    await expect(pollChannel({ workspaceId, channelId: channels.facebook! }, jobs)).rejects.toThrow(/conversations/);
    const after = await channelRow(channels.facebook!);
    expect(after.pollCursor).toBe(before.pollCursor);
    expect(after.lastPolledAt).toEqual(before.lastPolledAt);
    expect(await messagesWith([missed.id])).toHaveLength(0);

    expect(await pollChannel({ workspaceId, channelId: channels.facebook! }, jobs)).toMatchObject({ status: "polled", stored: 1 });
    expect(await messagesWith([missed.id])).toHaveLength(1);
  });

  it("marks a channel whose Page token Meta refuses NEEDS_REAUTH, once, without a retry", async () => {
    meta.revokeToken(meta.store.pages[1]!.accessToken);
    expect(await pollChannel({ workspaceId, channelId: channels.revoked! }, jobs)).toEqual({ status: "needs-reauth" });
    expect((await channelRow(channels.revoked!)).status).toBe("NEEDS_REAUTH");
    expect(await tenant((tx) => tx.auditLog.count({ where: { action: "channel.needs_reauth", targetId: channels.revoked } }))).toBe(1);
    expect(await pollChannel({ workspaceId, channelId: channels.revoked! }, jobs)).toEqual({ status: "skipped", reason: "not-active" });
  });
});

describe("poll-channel on an X account", () => {
  it("keeps its cursor across a restart: a fresh process state sees only new items, and reports its calls", async () => {
    const first = [x.addMention({ text: "@faketestshop hi" }), x.addMention({ text: "@faketestshop price?" })];
    const dm = x.addDm({ text: "Can I order by DM?" });
    const debug = vi.spyOn(logger, "debug");
    const run1 = await pollChannel({ workspaceId, channelId: channels.x! }, jobs);
    expect(run1).toMatchObject({ status: "polled", received: 3, stored: 3, calls: { mentions: 1, dmEvents: 1, total: 2 } });
    expect(debug).toHaveBeenCalledWith(expect.objectContaining({ channelId: channels.x, calls: { mentions: 1, dmEvents: 1, total: 2 } }), "channel polled");
    expect(await messagesWith([...first.map((t) => t.id), dm.id])).toHaveLength(3);
    const cursor = (await channelRow(channels.x!)).pollCursor;
    expect(cursor).toMatch(/"mentions":\{"doneUpTo":"\d+"/);

    // A restart: nothing kept in memory, only what the database holds.
    vi.resetModules();
    const fresh = await import("./poll-channel");
    const newer = x.addMention({ text: "@faketestshop still there?" });
    const run2 = await fresh.pollChannel({ workspaceId, channelId: channels.x! }, jobs);
    expect(run2).toMatchObject({ status: "polled", received: 1, stored: 1, duplicates: 0 });
    expect(await messagesWith([newer.id])).toHaveLength(1);
  });

  it("stores each item once when two polls of the channel run at the same time", async () => {
    const items = [x.addMention({ text: "@faketestshop a" }), x.addMention({ text: "@faketestshop b" }), x.addDm({ text: "c" })];
    const reports = await Promise.all([pollChannel({ workspaceId, channelId: channels.x! }, jobs), pollChannel({ workspaceId, channelId: channels.x! }, jobs)]);
    const stored = reports.reduce((n, r) => n + (r.status === "polled" ? r.stored : 0), 0);
    expect(stored).toBe(3);
    // Usually the slower one finds the cursor moved and stands down; if it started after the commit it reads nothing new.
    for (const r of reports) expect(r.status === "superseded" || (r.status === "polled" && (r.stored === 3 || r.received === 0))).toBe(true);
    const messages = await messagesWith(items.map((i) => i.id));
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(jobsFor(m.id)).toHaveLength(1);
  });

  it("defers the next poll after a 429 with its reset, leaving the cursor; the fan-out skips it until then", async () => {
    const before = await channelRow(channels.x!);
    const waiting = x.addMention({ text: "@faketestshop are you open?" });
    x.faults.inject("mentions", { kind: "rate-limit", resetInSeconds: 900 });
    x.faults.inject("dm_events", { kind: "rate-limit", resetInSeconds: 900 });
    const report = await pollChannel({ workspaceId, channelId: channels.x! }, jobs);
    expect(report).toMatchObject({ status: "rate-limited" });
    expect(report.status === "rate-limited" && report.retryAfterSeconds).toBeGreaterThanOrEqual(890);
    const after = await channelRow(channels.x!);
    expect(after.pollCursor).toBe(before.pollCursor);
    // Due again (lastPolledAt older than the 60 s interval) only once the reset has passed.
    expect(after.lastPolledAt!.getTime() + 60_000).toBeGreaterThan(Date.now() + 800_000);

    const fanOut: string[] = [];
    const record = (async (_name, items) => {
      for (const item of items) fanOut.push((item.payload as { channelId: string }).channelId);
      return items.map(() => ({ id: null, deduplicated: false }));
    }) as PublishJobs;
    await pollChannels({ publish: record });
    expect(fanOut).not.toContain(channels.x);
    expect(await pollChannel({ workspaceId, channelId: channels.x! }, jobs)).toEqual({ status: "skipped", reason: "deferred" });

    // Once the wait is over, the item the 429 held back arrives.
    await tenant((tx) => tx.channel.update({ where: { id: channels.x! }, data: { lastPolledAt: recently() } }));
    expect(await pollChannel({ workspaceId, channelId: channels.x! }, jobs)).toMatchObject({ status: "polled", stored: 1 });
    expect(await messagesWith([waiting.id])).toHaveLength(1);
  });

  it("loses nothing when X is down: the job fails, the cursor stays, the next poll picks the item up", async () => {
    const before = await channelRow(channels.x!);
    const pending = x.addMention({ text: "@faketestshop hello?" });
    x.faults.inject("mentions", { kind: "server-error" });
    await expect(pollChannel({ workspaceId, channelId: channels.x! }, jobs)).rejects.toThrow();
    expect((await channelRow(channels.x!)).pollCursor).toBe(before.pollCursor);
    expect(await messagesWith([pending.id])).toHaveLength(0);
    expect(await pollChannel({ workspaceId, channelId: channels.x! }, jobs)).toMatchObject({ status: "polled", stored: 1 });
  });

  it("refreshes a token X rejects and polls again with the new one", async () => {
    const item = x.addMention({ text: "@faketestshop after refresh" });
    x.faults.inject("mentions", { kind: "auth" });
    const tokenBefore = (await channelRow(channels.x!)).accessTokenEnc;
    expect(await pollChannel({ workspaceId, channelId: channels.x! }, jobs)).toMatchObject({ status: "polled", stored: 1 });
    const channel = await channelRow(channels.x!);
    expect(channel.status).toBe("ACTIVE");
    expect(channel.accessTokenEnc).not.toBe(tokenBefore);
    expect(await messagesWith([item.id])).toHaveLength(1);
  });
});
