import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { stillAllowed } from "@/server/access/still-allowed";
import { verifyCredentials } from "@/server/accounts/verify-credentials";
import { getSessionUserId } from "@/server/auth/get-session-user";
import { db } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { sseResponse } from "@/server/infra/realtime/sse";
import { createLocalBus } from "@/server/infra/realtime/local-bus";
import { removeMember } from "@/server/members/members";
import { sessionClaims } from "@/server/sessions/session-claims";
import { callerFor, createUser, createWorkspaceWithTeam } from "../helpers/factories";

const PASSWORD = "correct-horse-9";
const quiet = { warn: () => {}, error: () => {}, info: () => {} } as never;

/** A session cookie as next-auth issues it at sign-in (claims from the jwt callback). */
async function signedIn(userId: string, workspaceId?: string): Promise<Headers> {
  const token = await encode({ token: await sessionClaims(userId), secret: process.env.NEXTAUTH_SECRET! });
  return new Headers({ cookie: `next-auth.session-token=${token}${workspaceId ? `; ll_workspace=${workspaceId}` : ""}` });
}

function cookieFrom(setCookie: string): Headers {
  return new Headers({ cookie: setCookie.split(";")[0]! });
}

describe("session revocation (per-user session version)", () => {
  let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
  beforeAll(async () => {
    team = await createWorkspaceWithTeam("Sessions");
  });

  it("signs out every session of a user on 'sign out everywhere', and a new sign-in works again", async () => {
    const { userId } = await createUser("everywhere");
    const laptop = await signedIn(userId);
    const phone = await signedIn(userId);
    expect(await getSessionUserId(laptop)).toBe(userId);

    await callerFor(userId, null).sessions.signOutEverywhere();

    expect(await getSessionUserId(laptop)).toBeNull();
    expect(await getSessionUserId(phone)).toBeNull();
    expect(await getSessionUserId(await signedIn(userId))).toBe(userId);
  });

  it("treats a token issued before versions existed (no sv) as version 0 until the first revocation", async () => {
    const { userId } = await createUser("legacy");
    const legacy = new Headers({ cookie: `next-auth.session-token=${await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET! })}` });
    expect(await getSessionUserId(legacy)).toBe(userId);
    await callerFor(userId, null).sessions.signOutEverywhere();
    expect(await getSessionUserId(legacy)).toBeNull();
  });

  it("a token for a user that no longer exists signs nobody in", async () => {
    const forged = new Headers({ cookie: `next-auth.session-token=${await encode({ token: { uid: "no-such-user", sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}` });
    expect(await getSessionUserId(forged)).toBeNull();
  });

  it("changing the password ends the other sessions, keeps this one (re-issued cookie) and swaps the password", async () => {
    const { userId, email } = await createUser("changer");
    const other = await signedIn(userId);
    const resHeaders = new Headers();
    const caller = callerFor(userId, null);
    const withHeaders = (await import("@/server/api/root")).createCaller({ userId, workspaceId: null, ip: "10.9.9.9", resHeaders });

    await expect(caller.sessions.changePassword({ currentPassword: "not-my-password-1", newPassword: "another-horse-7" })).rejects.toThrow(/current password is not right/);
    expect(await getSessionUserId(other)).toBe(userId); // a failed attempt changes nothing

    await withHeaders.sessions.changePassword({ currentPassword: PASSWORD, newPassword: "another-horse-7" });

    expect(await getSessionUserId(other)).toBeNull();
    const setCookie = resHeaders.get("set-cookie");
    expect(setCookie).toMatch(/^next-auth\.session-token=.+HttpOnly/);
    expect(await getSessionUserId(cookieFrom(setCookie!))).toBe(userId);
    expect(await verifyCredentials(email, PASSWORD)).toBeNull();
    expect(await verifyCredentials(email, "another-horse-7")).toEqual({ userId });
  });

  it("refuses a weak new password and a missing current one with field errors, changing nothing", async () => {
    const { userId, email } = await createUser("weak");
    const caller = callerFor(userId, null);
    await expect(caller.sessions.changePassword({ currentPassword: PASSWORD, newPassword: "short" })).rejects.toThrow(/at least 10 characters/);
    await expect(caller.sessions.changePassword({ currentPassword: "", newPassword: "another-horse-7" } as never)).rejects.toThrow(/current password/i);
    expect(await verifyCredentials(email, PASSWORD)).toEqual({ userId });
  });

  it("counts wrong current passwords against the account's sign-in limit", async () => {
    const { userId } = await createUser("guesser");
    const caller = callerFor(userId, null);
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      outcomes.push(await caller.sessions.changePassword({ currentPassword: `guess-number-${i}`, newPassword: "another-horse-7" }).then(() => "ok", (e: Error) => e.message));
    }
    expect(outcomes.some((m) => /Too many attempts/.test(m))).toBe(true);
    expect(outcomes).not.toContain("ok");
  });

  it("an account without a password (single sign-on only) is told so", async () => {
    const { userId } = await createUser("sso-only");
    await db().$executeRaw`UPDATE "users" SET "passwordHash" = NULL WHERE "id" = ${userId}`;
    await expect(callerFor(userId, null).sessions.changePassword({ currentPassword: PASSWORD, newPassword: "another-horse-7" })).rejects.toThrow(/single sign-on/);
  });

  it("needs a session", async () => {
    await expect(callerFor(null, null).sessions.signOutEverywhere()).rejects.toThrow(/Sign in/);
  });

  it("removing a member ends their sessions at once", async () => {
    const { userId } = await createUser("removed");
    const membership = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId, role: "AGENT" }, select: { id: true } }));
    const session = await signedIn(userId, team.workspaceId);
    expect(await stillAllowed(session, team.workspaceId)()).toBe(true);

    await withTenant({ workspaceId: team.workspaceId }, (tx) => removeMember(tx, team.workspaceId, team.members.ADMIN.userId, membership.id));

    expect(await getSessionUserId(session)).toBeNull();
    expect(await stillAllowed(session, team.workspaceId)()).toBe(false);
  });

  it("a live event stream ends when the session is revoked", async () => {
    const { userId } = await createUser("streamer");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId, role: "VIEWER" } }));
    const session = await signedIn(userId, team.workspaceId);
    const bus = createLocalBus({}, { logger: quiet });
    const abort = new AbortController();
    const res = sseResponse(bus, team.workspaceId, abort.signal, { stillAllowed: stillAllowed(session, team.workspaceId), recheckMs: 50, heartbeatMs: 60_000 });
    const reader = res.body!.getReader();
    await reader.read(); // retry: line

    await callerFor(userId, null).sessions.signOutEverywhere();

    const deadline = Date.now() + 10_000;
    let done = false;
    while (!done && Date.now() < deadline) done = (await reader.read()).done;
    expect(done).toBe(true);
    abort.abort();
  });

  it("a stream stays open while the check cannot be made (e.g. the database away) and while still allowed", async () => {
    const bus = createLocalBus({}, { logger: quiet });
    const abort = new AbortController();
    let calls = 0;
    const res = sseResponse(bus, "ws-x", abort.signal, {
      recheckMs: 20,
      heartbeatMs: 60_000,
      stillAllowed: async () => {
        calls += 1;
        if (calls % 2 === 0) throw new Error("connection refused");
        return true;
      },
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes(": subscribed")) seen += decoder.decode((await reader.read()).value);
    while (calls < 6) await new Promise((r) => setTimeout(r, 20));
    // A closed stream answers a read at once with done; an open one has nothing to say.
    const next = await Promise.race([reader.read().then((r) => (r.done ? "closed" : "data")), new Promise((r) => setTimeout(() => r("open"), 200))]);
    expect(next).toBe("open");
    abort.abort();
  });
});
