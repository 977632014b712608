import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { callerFor, createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import { facebookConnector, instagramConnector } from "../meta/meta-connector";
import { callback, sessionHeaders, startAndConsent, startConnectFakes, LOGIN_CONFIG_ID, callOAuthRoute, type Fakes } from "../../../../tests/helpers/connect-test-harness";

/**
 * The connect flow end to end against the Meta and X fakes: start route -> consent page ->
 * callback route -> pick (tRPC) -> channels with encrypted tokens; disconnect revokes and
 * unsubscribes; an account held by another workspace is refused.
 */
let fakes: Fakes;
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let admin: { userId: string; headers: Headers };

/** The workspace's real channels (a new workspace may have the seeded Demo channel). */
const channelsOf = (workspaceId: string) =>
  withTenant({ workspaceId }, (tx) => tx.channel.findMany({ where: { workspaceId, platform: { not: "DEMO" } }, orderBy: { createdAt: "asc" } }));
const auditOf = (workspaceId: string, action: string) => withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } }));

/** Start -> consent -> callback; the flow id the Channels page receives. */
async function consentedFlow(provider: "meta" | "x", headers: Headers): Promise<string> {
  const landing = await callback(provider, headers, await startAndConsent(provider, headers));
  expect(landing.pathname).toBe("/settings/channels");
  const flowId = landing.searchParams.get("connect");
  if (!flowId) throw new Error(`no flow id: ${landing.toString()}`);
  return flowId;
}

beforeAll(async () => {
  fakes = await startConnectFakes();
  team = await createWorkspaceWithTeam("Connect flow");
  admin = { userId: team.members.ADMIN.userId, headers: await sessionHeaders(team.members.ADMIN.userId, team.workspaceId) };
});

afterAll(async () => {
  await fakes.restore();
});

describe("connecting Meta (Facebook Login for Business)", () => {
  let flowId: string;

  it("sends the admin to the dialog with the app id, exact redirect URI, state and Login for Business configuration", async () => {
    const res = await callOAuthRoute("start", "meta", admin.headers);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get("location") ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${fakes.meta.url}/${fakes.meta.version}/dialog/oauth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: fakes.meta.appId, redirect_uri: "http://leadline.test/api/oauth/meta/callback", config_id: LOGIN_CONFIG_ID, response_type: "code" });
    expect(url.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("offers the Page and its Instagram account, without tokens", async () => {
    flowId = await consentedFlow("meta", admin.headers);
    const pending = await callerFor(admin.userId, team.workspaceId).channels.pending({ flowId });
    const page = fakes.meta.store.pages[0];
    expect(pending.provider).toBe("meta");
    expect(pending.accounts).toEqual([
      { externalId: fakes.pageId, platform: "FACEBOOK", name: "Owen Bikes", handle: null, alreadyConnected: false },
      { externalId: page?.instagram?.id, platform: "INSTAGRAM", name: expect.any(String), handle: "owenbikes", alreadyConnected: false },
    ]);
    expect(JSON.stringify(pending)).not.toContain(page?.accessToken);
    // The long-lived exchange happened: the fake issued a long-lived user token.
    expect([...fakes.meta.store.userTokens.values()].some((t) => t.longLived)).toBe(true);
  });

  it("connects both as channels with the Page token encrypted at rest, audited, and spends the flow", async () => {
    const caller = callerFor(admin.userId, team.workspaceId);
    const page = fakes.meta.store.pages[0];
    await expect(caller.channels.connect({ flowId, externalIds: [fakes.pageId, page?.instagram?.id ?? ""] })).resolves.toEqual({ connected: 2 });
    const channels = await channelsOf(team.workspaceId);
    const facebook = channels.find((c) => c.platform === "FACEBOOK");
    const instagram = channels.find((c) => c.platform === "INSTAGRAM");
    expect(facebook).toMatchObject({ externalId: fakes.pageId, status: "ACTIVE", connectedById: admin.userId, refreshTokenEnc: null, tokenExpiresAt: null });
    expect(instagram).toMatchObject({ externalId: page?.instagram?.id, metadata: { pageId: fakes.pageId, username: "owenbikes" } });
    for (const channel of [facebook, instagram]) {
      expect(channel?.accessTokenEnc).not.toContain(page?.accessToken ?? "?");
      expect(decrypt(channel?.accessTokenEnc ?? "")).toBe(page?.accessToken);
    }
    expect(await auditOf(team.workspaceId, "channel.connected")).toHaveLength(2);
    await expect(caller.channels.connect({ flowId, externalIds: [fakes.pageId] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.channels.pending({ flowId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const flow = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.oAuthState.findUniqueOrThrow({ where: { id: flowId } }));
    expect(flow).toMatchObject({ accountsEnc: null, codeVerifierEnc: null });
    expect(flow.consumedAt).not.toBeNull();
  });

  it.runIf(facebookConnector.subscribe !== undefined)("subscribes the Page to the app's webhooks", () => {
    expect(fakes.meta.store.subscriptions.get(fakes.pageId)).toEqual(expect.arrayContaining(["messages", "feed"]));
  });

  it("lists the channels for every member, no tokens", async () => {
    const list = await callerFor(team.members.VIEWER.userId, team.workspaceId).channels.list();
    const instagram = list.find((c) => c.platform === "INSTAGRAM");
    expect(instagram).toMatchObject({ name: expect.any(String), handle: "owenbikes", status: "ACTIVE", autoReplyEnabled: true, connectedAt: expect.any(Date) });
    // Connecting queues a first poll (reconciliation for Instagram), so lastPolledAt may already be set.
    expect(Object.keys(instagram ?? {}).sort()).toEqual(["autoReplyEnabled", "connectedAt", "handle", "id", "lastEventAt", "lastPolledAt", "name", "platform", "status"]);
  });

  it("refuses an account another workspace holds, connecting nothing", async () => {
    const other = await createWorkspace(admin.userId, { name: "Second shop" });
    const headers = await sessionHeaders(admin.userId, other.workspaceId);
    const flowId2 = await consentedFlow("meta", headers);
    const caller = callerFor(admin.userId, other.workspaceId);
    const pending = await caller.channels.pending({ flowId: flowId2 });
    const ids = pending.accounts.map((a) => a.externalId);
    const refusal = await caller.channels.connect({ flowId: flowId2, externalIds: ids }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already connected to another Leadline workspace") });
    expect(await channelsOf(other.workspaceId)).toHaveLength(0);
    // Nothing was spent: the admin may still pick another account from the same consent.
    await expect(caller.channels.pending({ flowId: flowId2 })).resolves.toMatchObject({ provider: "meta" });
  });

  it("disconnects the Page: tokens wiped, audited, unsubscribed only once the Instagram account on it goes too", async () => {
    const caller = callerFor(admin.userId, team.workspaceId);
    const channels = await channelsOf(team.workspaceId);
    const facebook = channels.find((c) => c.platform === "FACEBOOK");
    const instagram = channels.find((c) => c.platform === "INSTAGRAM");
    await expect(caller.channels.disconnect({ channelId: facebook?.id ?? "" })).resolves.toEqual({ disconnected: true });
    const after = await channelsOf(team.workspaceId);
    expect(after.find((c) => c.id === facebook?.id)).toMatchObject({ status: "DISCONNECTED", accessTokenEnc: null, refreshTokenEnc: null, tokenExpiresAt: null });
    expect(await auditOf(team.workspaceId, "channel.disconnected")).toHaveLength(1);
    if (facebookConnector.unsubscribe) expect(fakes.meta.store.subscriptions.has(fakes.pageId)).toBe(true);
    await caller.channels.disconnect({ channelId: instagram?.id ?? "" });
    if (instagramConnector.unsubscribe) expect(fakes.meta.store.subscriptions.has(fakes.pageId)).toBe(false);
    // Disconnecting again is a no-op, not a second audit entry.
    await caller.channels.disconnect({ channelId: instagram?.id ?? "" });
    expect(await auditOf(team.workspaceId, "channel.disconnected")).toHaveLength(2);
  });
});

describe("connecting X (OAuth 2.0 with PKCE)", () => {
  it("sends an S256 challenge, exchanges with the verifier, and stores the rotating pair encrypted", async () => {
    const start = await callOAuthRoute("start", "x", admin.headers);
    const url = new URL(start.headers.get("location") ?? "");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("scope")).toBe("tweet.read tweet.write users.read dm.read dm.write offline.access");

    const flowId = await consentedFlow("x", admin.headers);
    const caller = callerFor(admin.userId, team.workspaceId);
    const pending = await caller.channels.pending({ flowId });
    expect(pending).toEqual({ provider: "x", accounts: [{ externalId: fakes.x.account.id, platform: "X", name: "Owen Bikes", handle: "owenbikes", alreadyConnected: false }] });
    await expect(caller.channels.connect({ flowId, externalIds: [fakes.x.account.id] })).resolves.toEqual({ connected: 1 });
    const channel = (await channelsOf(team.workspaceId)).find((c) => c.platform === "X");
    expect(channel).toMatchObject({ externalId: fakes.x.account.id, status: "ACTIVE", metadata: { username: "owenbikes" } });
    const access = decrypt(channel?.accessTokenEnc ?? "");
    const refresh = decrypt(channel?.refreshTokenEnc ?? "");
    expect(fakes.x.store.accessTokens.has(access)).toBe(true);
    expect(fakes.x.store.refreshTokens.has(refresh)).toBe(true);
    const lifetime = (channel?.tokenExpiresAt?.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(7000_000);
    expect(lifetime).toBeLessThanOrEqual(7200_000);
  });

  it("disconnect revokes both tokens at X; reconnecting the same account reuses the channel", async () => {
    const caller = callerFor(admin.userId, team.workspaceId);
    const channel = (await channelsOf(team.workspaceId)).find((c) => c.platform === "X");
    const access = decrypt(channel?.accessTokenEnc ?? "");
    const refresh = decrypt(channel?.refreshTokenEnc ?? "");
    await caller.channels.disconnect({ channelId: channel?.id ?? "" });
    expect(fakes.x.store.accessTokens.has(access)).toBe(false);
    expect(fakes.x.store.refreshTokens.has(refresh)).toBe(false);
    expect((await channelsOf(team.workspaceId)).find((c) => c.id === channel?.id)).toMatchObject({ status: "DISCONNECTED", accessTokenEnc: null });

    const flowId = await consentedFlow("x", admin.headers);
    await caller.channels.connect({ flowId, externalIds: [fakes.x.account.id] });
    const again = (await channelsOf(team.workspaceId)).filter((c) => c.platform === "X");
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: channel?.id, status: "ACTIVE" });
    const audits = await auditOf(team.workspaceId, "channel.connected");
    expect(audits.filter((a) => a.targetId === channel?.id).map((a) => (a.metadata as { reconnected: boolean }).reconnected)).toEqual([false, true]);
  });

  it("turns auto-reply off for one channel (admins only)", async () => {
    const channel = (await channelsOf(team.workspaceId)).find((c) => c.platform === "X");
    await expect(callerFor(team.members.AGENT.userId, team.workspaceId).channels.setAutoReply({ channelId: channel?.id ?? "", enabled: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(admin.userId, team.workspaceId).channels.setAutoReply({ channelId: channel?.id ?? "", enabled: false })).resolves.toEqual({ autoReplyEnabled: false });
    expect((await channelsOf(team.workspaceId)).find((c) => c.id === channel?.id)?.autoReplyEnabled).toBe(false);
  });
});
