import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/server/infra/env/load-env";
import { withUser } from "@/server/infra/db/tenant";
import { sessionClaims } from "@/server/sessions/session-claims";
import { createUser, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Issue 11, finding 10a: cookie-authenticated writes check where they come from, through the
 * real route handlers (the draft stream behind withWorkspace, the tRPC dispatcher).
 */
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
const APP = () => new URL(env().APP_URL).origin;

async function sessionCookie(userId: string, workspaceId?: string) {
  const token = await encode({ token: await sessionClaims(userId), secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}${workspaceId ? `; ll_workspace=${workspaceId}` : ""}`;
}

beforeAll(async () => {
  team = await createWorkspaceWithTeam("Origins");
});

async function postDraft(extra: Record<string, string>) {
  const { POST } = await import("@/app/api/drafts/stream/route");
  const headers = { cookie: await sessionCookie(team.members.AGENT.userId, team.workspaceId), "content-type": "application/json", ...extra };
  return POST(new Request(`${APP()}/api/drafts/stream`, { method: "POST", headers, body: JSON.stringify({ conversationId: "no-such-conversation" }) }));
}

describe("route handlers behind withWorkspace", () => {
  it("refuse a cross-site Origin with 403 before anything runs", async () => {
    const res = await postDraft({ origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: expect.stringMatching(/Cross-site request refused/) } });
  });

  it("refuse Sec-Fetch-Site cross-site even without Origin", async () => {
    expect((await postDraft({ "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("accept the app's own origin (the request then reaches the handler: no such conversation)", async () => {
    expect((await postDraft({ origin: APP(), "sec-fetch-site": "same-origin" })).status).toBe(404);
  });

  it("accept a missing Origin when Sec-Fetch-Site says same-origin", async () => {
    expect((await postDraft({ "sec-fetch-site": "same-origin" })).status).toBe(404);
  });

  it("accept a request with neither header (a non-browser client)", async () => {
    expect((await postDraft({})).status).toBe(404);
  });
});

describe("tRPC mutations", () => {
  async function createWorkspaceOverHttp(userId: string, extra: Record<string, string>) {
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const headers = { cookie: await sessionCookie(userId), "content-type": "application/json", ...extra };
    return POST(new Request(`${APP()}/api/trpc/workspace.create`, { method: "POST", headers, body: JSON.stringify({ json: { name: "From a form" } }) }));
  }
  const memberships = (userId: string) => withUser(userId, (tx) => tx.membership.count({ where: { userId } }));

  it("refuse a cross-site workspace.create with 403 and create nothing", async () => {
    const { userId } = await createUser("csrf-victim");
    const res = await createWorkspaceOverHttp(userId, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(await memberships(userId)).toBe(0);
  });

  it("accept the same mutation from the app's own pages", async () => {
    const { userId } = await createUser("csrf-own");
    const res = await createWorkspaceOverHttp(userId, { origin: APP(), "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(200);
    expect(await memberships(userId)).toBe(1);
  });

  it("leave queries alone (GET changes nothing)", async () => {
    const { GET } = await import("@/app/api/trpc/[trpc]/route");
    const res = await GET(
      new Request(`${APP()}/api/trpc/workspace.mine`, { headers: { cookie: await sessionCookie(team.members.ADMIN.userId), origin: "https://evil.example", "sec-fetch-site": "cross-site" } }),
    );
    expect(res.status).toBe(200);
  });

  it("refuse a cross-site sign-up too", async () => {
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const res = await POST(
      new Request(`${APP()}/api/trpc/account.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": "10.7.7.7" },
        body: JSON.stringify({ json: { name: "Mallory", email: "mallory@example.test", password: "correct-horse-9" } }),
      }),
    );
    expect(res.status).toBe(403);
  });
});
