import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { callerFor, createUser, createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import { callback, callOAuthRoute, sessionHeaders, startAndConsent, startConnectFakes, type Fakes } from "../../../../tests/helpers/connect-test-harness";

/**
 * Every way a callback must fail ends on the Channels page with an error code, connects nothing
 * and leaves no accounts waiting; members below admin can neither start nor pick.
 */
let fakes: Fakes;
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let adminHeaders: Headers;

const realChannels = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.channel.count({ where: { workspaceId, platform: { not: "DEMO" } } }));
const waitingFlows = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.oAuthState.count({ where: { workspaceId, accountsEnc: { not: null } } }));

async function expectRefused(landing: URL, code: string) {
  expect(landing.pathname).toBe("/settings/channels");
  expect(Object.fromEntries(landing.searchParams)).toEqual({ error: code });
  expect(await realChannels(team.workspaceId)).toBe(0);
}

beforeAll(async () => {
  fakes = await startConnectFakes();
  team = await createWorkspaceWithTeam("Connect refusals");
  adminHeaders = await sessionHeaders(team.members.ADMIN.userId, team.workspaceId);
});

afterAll(async () => {
  await fakes.restore();
});

describe("callbacks that must not connect anything", () => {
  it("a replayed callback: the first wins, the replay is an invalid state", async () => {
    const back = await startAndConsent("x", adminHeaders);
    const [first, second] = await Promise.all([callback("x", adminHeaders, back), callback("x", adminHeaders, back)]);
    const outcomes = [first, second].map((u) => u.searchParams.has("connect") ? "connect" : u.searchParams.get("error"));
    expect(outcomes.sort()).toEqual(["connect", "invalid_state"]);
    const replay = await callback("x", adminHeaders, back);
    expect(replay.searchParams.get("error")).toBe("invalid_state");
  });

  it("a forged state", async () => {
    await expectRefused(await callback("meta", adminHeaders, new URL("http://leadline.test/cb?code=AQforged&state=not-a-state-we-issued")), "invalid_state");
    await expectRefused(await callback("meta", adminHeaders, new URL("http://leadline.test/cb?code=AQforged")), "invalid_state");
  });

  it("a state issued in another workspace of the same admin", async () => {
    const other = await createWorkspace(team.members.ADMIN.userId, { name: "Other shop" });
    const back = await startAndConsent("meta", await sessionHeaders(team.members.ADMIN.userId, other.workspaceId));
    await expectRefused(await callback("meta", adminHeaders, back), "invalid_state");
  });

  it("a state issued to another admin of the workspace (who can still finish their own)", async () => {
    const second = await createUser("second-admin");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId: second.userId, role: "ADMIN" } }));
    const back = await startAndConsent("x", adminHeaders);
    await expectRefused(await callback("x", await sessionHeaders(second.userId, team.workspaceId), back), "invalid_state");
    expect((await callback("x", adminHeaders, back)).searchParams.has("connect")).toBe(true);
  });

  it("the other provider's callback URL", async () => {
    const back = await startAndConsent("x", adminHeaders);
    await expectRefused(await callback("meta", adminHeaders, back), "invalid_state");
  });

  it("an expired state", async () => {
    const back = await startAndConsent("meta", adminHeaders);
    await withTenant({ workspaceId: team.workspaceId }, (tx) =>
      tx.oAuthState.updateMany({ where: { workspaceId: team.workspaceId, exchangedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } }),
    );
    await expectRefused(await callback("meta", adminHeaders, back), "expired");
  });

  it("a consent the admin cancelled, on either platform", async () => {
    const before = await waitingFlows(team.workspaceId);
    await expectRefused(await callback("meta", adminHeaders, await startAndConsent("meta", adminHeaders, "cancel")), "denied");
    await expectRefused(await callback("x", adminHeaders, await startAndConsent("x", adminHeaders, "cancel")), "denied");
    expect(await waitingFlows(team.workspaceId)).toBe(before);
  });

  it("a token endpoint answering 500, and a consent whose /me/accounts read fails", async () => {
    const before = await waitingFlows(team.workspaceId);
    let back = await startAndConsent("meta", adminHeaders);
    fakes.meta.faults.inject("oauth.token", { kind: "server-error" });
    await expectRefused(await callback("meta", adminHeaders, back), "exchange_failed");

    back = await startAndConsent("x", adminHeaders);
    fakes.x.faults.inject("oauth.token", { kind: "server-error" });
    await expectRefused(await callback("x", adminHeaders, back), "exchange_failed");

    back = await startAndConsent("meta", adminHeaders);
    fakes.meta.faults.inject("me.accounts", { kind: "auth" });
    await expectRefused(await callback("meta", adminHeaders, back), "exchange_failed");
    expect(await waitingFlows(team.workspaceId)).toBe(before);
  });

  it("a server without the platform configured", async () => {
    const saved = process.env.META_APP_ID;
    delete process.env.META_APP_ID;
    resetEnvCache();
    try {
      const start = await callOAuthRoute("start", "meta", adminHeaders);
      expect(start.status).toBe(302);
      expect(new URL(start.headers.get("location") ?? "").search).toBe("?error=not_configured");
      const providers = await callerFor(team.members.VIEWER.userId, team.workspaceId).channels.providers();
      expect(providers).toEqual([
        { id: "meta", configured: false, startUrl: "/api/oauth/meta/start" },
        { id: "x", configured: true, startUrl: "/api/oauth/x/start" },
      ]);
    } finally {
      process.env.META_APP_ID = saved;
      resetEnvCache();
    }
  });
});

describe("only admins connect", () => {
  it.each(["AGENT", "VIEWER"] as const)("a %s cannot start, call back, pick, connect or disconnect", async (role) => {
    const member = team.members[role];
    const headers = await sessionHeaders(member.userId, team.workspaceId);
    for (const step of ["start", "callback"] as const) {
      const res = await callOAuthRoute(step, "x", headers, "?code=c&state=s");
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const landing = await callback("x", adminHeaders, await startAndConsent("x", adminHeaders));
    const flowId = landing.searchParams.get("connect") ?? "";
    const caller = callerFor(member.userId, team.workspaceId);
    await expect(caller.channels.pending({ flowId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.channels.connect({ flowId, externalIds: [fakes.x.account.id] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.channels.disconnect({ channelId: "anything" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.channels.list()).resolves.toEqual(expect.any(Array));
  });

  it("an admin cannot pick from another admin's flow, nor use an unknown provider", async () => {
    const landing = await callback("x", adminHeaders, await startAndConsent("x", adminHeaders));
    const flowId = landing.searchParams.get("connect") ?? "";
    const other = await createUser("third-admin");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId: other.userId, role: "ADMIN" } }));
    await expect(callerFor(other.userId, team.workspaceId).channels.pending({ flowId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(team.members.ADMIN.userId, team.workspaceId).channels.connect({ flowId, externalIds: ["someone-else"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const unknown = await callOAuthRoute("start", "linkedin" as "x", adminHeaders);
    expect(unknown.status).toBe(404);
  });
});
