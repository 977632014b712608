import { randomInt } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { channelTokenStore } from "@/server/channels/tokens/channel-token-store";
import { getChannelCredentials } from "@/server/channels/tokens/get-channel-credentials";
import { refreshAccountToken } from "@/server/channels/tokens/refresh-account-token";
import { refresherFor } from "@/server/channels/tokens/token-refreshers";
import { ChannelNeedsReauthError, TokenRefreshUnavailableError } from "@/server/channels/tokens/token-errors";
import { ChannelAuthError } from "@/server/channels/connector";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { ingestEvent } from "@/server/pipeline/ingest-event";
import { startFakeX, type FakeX } from "../fakes/x/server";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * The token manager against the X fake, whose refresh tokens are single use and rotate like
 * X's: a second refresh with the same token fails with invalid_grant, so "exactly one refresh"
 * is observable. No queue runs here: ingest's process-message jobs are stubbed.
 */
vi.mock("@/server/infra/runtime/queue", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/runtime/queue")>();
  return { ...actual, publishJobs: vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false }))) };
});

let x: FakeX;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
const ENV_KEYS = ["X_API_URL", "X_CLIENT_ID", "X_CLIENT_SECRET"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  x = await startFakeX();
  Object.assign(process.env, { X_API_URL: x.url, X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret });
  resetEnvCache();
  ws = await createPipelineWorkspace();
});

afterAll(async () => {
  await x.close();
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

beforeEach(() => x.faults.clear());

type Tokens = { access: string; refresh: string };
const issue = (): Tokens => {
  const t = x.issueTokens();
  return { access: String(t.access_token), refresh: String(t.refresh_token) };
};
const newExternalId = () => `17${randomInt(1e9, 1e10)}${randomInt(1e6, 1e7)}`;

/** An X channel with real fake-issued tokens whose stored expiry is `expiresAt`. */
async function xChannel(expiresAt: Date, tokens = issue()) {
  const externalId = newExternalId();
  const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({
      data: { workspaceId: ws.workspaceId, platform: "X", externalId, name: "Fake Test Shop", accessTokenEnc: encrypt(tokens.access), refreshTokenEnc: encrypt(tokens.refresh), tokenExpiresAt: expiresAt },
    }),
  );
  return { id: channel.id, externalId, tokens };
}
const channelRow = (id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findUniqueOrThrow({ where: { id } }));
const usedRefreshTokens = () => [...x.store.refreshTokens.values()].filter((r) => r.used).length;
const expired = () => new Date(Date.now() - 60_000);

describe("getChannelCredentials", () => {
  it("answers a fresh token without calling X", async () => {
    const ch = await xChannel(new Date(Date.now() + 3_600_000));
    const issued = x.store.accessTokens.size;
    const creds = await getChannelCredentials(ws.workspaceId, ch.id);
    expect(creds).toEqual({ channelId: ch.id, externalId: ch.externalId, accessToken: ch.tokens.access, secret: null });
    expect(x.store.accessTokens.size).toBe(issued);
  });

  it("refreshes an expired X token exactly once under five concurrent callers, and all five get the new token", async () => {
    const ch = await xChannel(expired());
    const [used, issued] = [usedRefreshTokens(), x.store.accessTokens.size];

    const all = await Promise.all(Array.from({ length: 5 }, () => getChannelCredentials(ws.workspaceId, ch.id)));

    // One refresh at the fake: one refresh token spent, one access token minted.
    expect(usedRefreshTokens() - used).toBe(1);
    expect(x.store.accessTokens.size - issued).toBe(1);
    const fresh = all[0]!.accessToken!;
    expect(fresh).not.toBe(ch.tokens.access);
    expect(all.map((c) => c.accessToken)).toEqual(Array(5).fill(fresh));
    expect(x.store.accessTokens.has(fresh)).toBe(true);

    // Stored atomically: the new access token, the NEW refresh token (the old one is dead), the new expiry.
    const row = await channelRow(ch.id);
    expect(decrypt(row.accessTokenEnc!)).toBe(fresh);
    const newRefresh = decrypt(row.refreshTokenEnc!);
    expect(newRefresh).not.toBe(ch.tokens.refresh);
    expect(x.store.refreshTokens.get(newRefresh)?.used).toBe(false);
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 7_000_000);
    expect(row.status).toBe("ACTIVE");
    // Encrypted at rest: no column holds a token in the clear.
    expect(JSON.stringify(row)).not.toContain(fresh);
    expect(JSON.stringify(row)).not.toContain(newRefresh);

    // The stored pair keeps working: a forced refresh uses the new refresh token.
    const forced = await getChannelCredentials(ws.workspaceId, ch.id, { forceRefresh: true, rejectedAccessToken: fresh });
    expect(forced.accessToken).not.toBe(fresh);
  });

  it("serialises refreshes under the row lock (as separate processes would): five concurrent refreshes, one call to X", async () => {
    const ch = await xChannel(expired());
    const used = usedRefreshTokens();
    // Called directly, past the in-process single flight: only the lock and the re-check under it stand between them.
    const all = await Promise.all(
      Array.from({ length: 5 }, () => refreshAccountToken(channelTokenStore, { workspaceId: ws.workspaceId, id: ch.id, refresh: refresherFor("X"), expiringBefore: new Date(Date.now() + 300_000) })),
    );
    expect(usedRefreshTokens() - used).toBe(1);
    expect(all.filter((r) => r.refreshed)).toHaveLength(1);
    expect(new Set(all.map((r) => r.accessToken)).size).toBe(1);
    expect((await channelRow(ch.id)).status).toBe("ACTIVE");
  });

  it("does not refresh again when a forced refresh finds the rejected token already replaced", async () => {
    const ch = await xChannel(new Date(Date.now() + 3_600_000));
    const used = usedRefreshTokens();
    const creds = await getChannelCredentials(ws.workspaceId, ch.id, { forceRefresh: true, rejectedAccessToken: "an-older-token" });
    expect(creds.accessToken).toBe(ch.tokens.access);
    expect(usedRefreshTokens()).toBe(used);
  });

  it("a spent refresh token marks the channel NEEDS_REAUTH with an audit entry and an event; inbound is still stored", async () => {
    const tokens = issue();
    x.store.refreshTokens.get(tokens.refresh)!.used = true; // spent by someone else (or revoked)
    const ch = await xChannel(expired(), tokens);

    const error = await getChannelCredentials(ws.workspaceId, ch.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelNeedsReauthError);
    expect(error).toBeInstanceOf(ChannelAuthError);
    expect(error).toMatchObject({ reason: "refresh_rejected" });
    expect(String((error as Error).message)).not.toContain(tokens.refresh);

    const after = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({
      channel: await tx.channel.findUniqueOrThrow({ where: { id: ch.id } }),
      audit: await tx.auditLog.findMany({ where: { action: "channel.needs_reauth", targetId: ch.id } }),
      events: await tx.$queryRaw<Array<{ payload: unknown }>>`SELECT payload FROM outbox WHERE "workspaceId" = ${ws.workspaceId} AND kind = 'event' AND name = 'channel.status'`,
    }));
    expect(after.channel.status).toBe("NEEDS_REAUTH");
    // The dead tokens are kept as they were (nothing to gain from wiping them; reconnecting replaces them).
    expect(decrypt(after.channel.refreshTokenEnc!)).toBe(tokens.refresh);
    expect(after.audit).toHaveLength(1);
    expect(after.audit[0]).toMatchObject({ actorType: "SYSTEM", targetType: "channel", metadata: { reason: "refresh_rejected" } });
    expect(JSON.stringify(after.audit)).not.toContain(tokens.refresh);
    expect(after.events.map((e) => e.payload)).toContainEqual({ type: "channel.status", channelId: ch.id, status: "needs_reauth" });

    // Later callers are refused without another refresh, and no second audit entry.
    const used = usedRefreshTokens();
    await expect(getChannelCredentials(ws.workspaceId, ch.id)).rejects.toMatchObject({ name: "ChannelNeedsReauthError", reason: "status_needs_reauth" });
    expect(usedRefreshTokens()).toBe(used);

    // Inbound keeps flowing on the channel that needs re-auth.
    const stored = await ingestEvent({
      platform: "X", channelExternalId: ch.externalId, platformMessageId: `dm-${randomInt(1e9, 1e10)}`, threadId: "dm-thread-1", kind: "DM",
      sender: { platformUserId: "1790000000000000999", displayName: "Sam Customer" }, text: "Still there?", sentAt: new Date(),
    });
    expect(stored).toMatchObject({ status: "stored" });
    const messages = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { conversation: { channelId: ch.id } } }));
    expect(messages).toBe(1);
  });

  it("a transient refresh failure (500, then 429) changes nothing and the next call succeeds", async () => {
    const ch = await xChannel(expired());
    const before = await channelRow(ch.id);

    x.faults.inject("oauth.token", { kind: "server-error", status: 503 });
    await expect(getChannelCredentials(ws.workspaceId, ch.id)).rejects.toBeInstanceOf(TokenRefreshUnavailableError);
    x.faults.inject("oauth.token", { kind: "rate-limit", resetInSeconds: 60 });
    const limited = await getChannelCredentials(ws.workspaceId, ch.id).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TokenRefreshUnavailableError);
    expect(String((limited as Error).message)).not.toContain(ch.tokens.refresh);

    const unchanged = await channelRow(ch.id);
    expect(unchanged).toMatchObject({ status: "ACTIVE", accessTokenEnc: before.accessTokenEnc, refreshTokenEnc: before.refreshTokenEnc, tokenExpiresAt: before.tokenExpiresAt });
    expect(x.store.refreshTokens.get(ch.tokens.refresh)?.used).toBe(false);

    const creds = await getChannelCredentials(ws.workspaceId, ch.id);
    expect(creds.accessToken).not.toBe(ch.tokens.access);
    expect((await channelRow(ch.id)).status).toBe("ACTIVE");
  });

  it("a channel without a refresh token (a Meta Page) is answered as stored, whatever its expiry", async () => {
    const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: `10${randomInt(1e9, 1e10)}`, name: "Page", accessTokenEnc: encrypt("EAA-page-token") } }),
    );
    expect((await getChannelCredentials(ws.workspaceId, channel.id)).accessToken).toBe("EAA-page-token");
  });

  it("another workspace's channel is not found", async () => {
    const other = await createPipelineWorkspace();
    const ch = await xChannel(new Date(Date.now() + 3_600_000));
    await expect(getChannelCredentials(other.workspaceId, ch.id)).rejects.toMatchObject({ name: "AppError", code: "NOT_FOUND" });
  });
});
