import { encode } from "next-auth/jwt";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { getSessionUserId } from "@/server/auth/get-session-user";
import { verifyCredentials } from "@/server/accounts/verify-credentials";
import { callerFor, createUser, createWorkspaceWithTeam, uniqueEmail } from "../helpers/factories";

async function trpcCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof TRPCError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

describe("sign-up and sign-in", () => {
  it("answers a taken email, whatever its case, as it answers a new one: the owner gets a mail instead of the caller an error", async () => {
    const { email } = await createUser("dup");
    const result = await callerFor(null, null).account.signUp({ name: "Dup", email: email.toUpperCase(), password: "correct-horse-9" });
    expect(result).toMatchObject({ mail: "sent", shownMail: { subject: "You already have a Leadline account" } });
    // More in tests/integration/hardening-accounts.test.ts.
  });

  it("enforces password rules and email shape", async () => {
    expect(await trpcCode(callerFor(null, null).account.signUp({ name: "A", email: uniqueEmail("a"), password: "short" }))).toMatch(/^BAD_REQUEST/);
    expect(await trpcCode(callerFor(null, null).account.signUp({ name: "A", email: uniqueEmail("a"), password: "onlyletterslong" }))).toMatch(/^BAD_REQUEST/);
    expect(await trpcCode(callerFor(null, null).account.signUp({ name: "A", email: "not-an-email", password: "correct-horse-9" }))).toMatch(/^BAD_REQUEST/);
  });

  it("verifies credentials without saying which part was wrong", async () => {
    const { email, userId } = await createUser("login");
    expect(await verifyCredentials(email, "correct-horse-9")).toEqual({ userId });
    expect(await verifyCredentials(email, "wrong-password-1")).toBeNull();
    expect(await verifyCredentials(uniqueEmail("nobody"), "correct-horse-9")).toBeNull();
    expect(await verifyCredentials({ $ne: null }, "x")).toBeNull();
  });

  it("rate-limits sign-ups per IP", async () => {
    const caller = callerFor(null, null, "203.0.113.77");
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(await trpcCode(caller.account.signUp({ name: "R", email: uniqueEmail("rl"), password: "correct-horse-9" })));
    expect(results.filter((r) => r.startsWith("TOO_MANY_REQUESTS")).length).toBeGreaterThan(0);
  });
});

describe("sessions", () => {
  it("accepts a valid session token and rejects a tampered or foreign one", async () => {
    const secret = process.env.NEXTAUTH_SECRET!;
    const { userId } = await createUser("session");
    const token = await encode({ token: { uid: userId, sv: 0 }, secret });
    const headers = (t: string) => new Headers({ cookie: `next-auth.session-token=${t}` });
    expect(await getSessionUserId(headers(token))).toBe(userId);
    const tampered = token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    expect(await getSessionUserId(headers(tampered))).toBeNull();
    const foreign = await encode({ token: { uid: userId, sv: 0 }, secret: "another-secret-another-secret-000000" });
    expect(await getSessionUserId(headers(foreign))).toBeNull();
    expect(await getSessionUserId(new Headers())).toBeNull();
  });
});

describe("invitations and workspace switching", () => {
  it("lets an invited user join with the invited role, once, and switch between workspaces", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Invites");
    const invitee = await createUser("invitee");
    const admin = callerFor(members.ADMIN.userId, workspaceId);
    const { link } = await admin.invitations.create({ email: invitee.email, role: "VIEWER" });
    const token = link.split("/invite/")[1]!;

    const stranger = await createUser("stranger");
    expect(await trpcCode(callerFor(stranger.userId, null).invitations.accept({ token }))).toMatch(/^FORBIDDEN: This invitation was sent to a different email/);

    await callerFor(invitee.userId, null).invitations.accept({ token });
    expect(await trpcCode(callerFor(invitee.userId, null).invitations.accept({ token }))).toMatch(/^CONFLICT/);

    const mine = await callerFor(invitee.userId, null).workspace.mine();
    expect(mine).toEqual([expect.objectContaining({ id: workspaceId, role: "VIEWER" })]);

    // A second workspace of their own; both are listed and switchable.
    const own = await callerFor(invitee.userId, null).workspace.create({ name: "Mine" });
    expect((await callerFor(invitee.userId, null).workspace.mine()).map((w) => w.id).sort()).toEqual([workspaceId, own.workspaceId].sort());
    const headers = new Headers();
    const { createCaller } = await import("@/server/api/root");
    await createCaller({ userId: invitee.userId, workspaceId: null, ip: "x", resHeaders: headers }).workspace.switch({ workspaceId });
    expect(headers.get("set-cookie")).toContain(`ll_workspace=${workspaceId}`);
    expect(await trpcCode(callerFor(invitee.userId, null).workspace.switch({ workspaceId: "ws_not_mine" }))).toMatch(/^NOT_FOUND/);

    // The viewer can read settings but not change them.
    const asViewer = callerFor(invitee.userId, workspaceId);
    expect((await asViewer.workspace.current()).role).toBe("VIEWER");
    expect(await trpcCode(asViewer.workspace.updateSettings({ retentionDays: 1 }))).toMatch(/^FORBIDDEN/);
  });

  it("refuses malformed, unknown and expired invitation links clearly", async () => {
    const user = await createUser("linky");
    const c = callerFor(user.userId, null);
    expect(await trpcCode(c.invitations.accept({ token: "garbage" }))).toMatch(/^BAD_REQUEST: This invitation link is malformed/);
    expect(await trpcCode(c.invitations.accept({ token: "ws_abc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }))).toMatch(/^NOT_FOUND/);
  });

  it("records admin changes in the audit log", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Audited");
    const admin = callerFor(members.ADMIN.userId, workspaceId);
    await admin.workspace.updateSettings({ toneGuidelines: "Short and sweet.", retentionDays: 30 });
    const entries = await admin.audit.list();
    expect(entries[0]).toMatchObject({ action: "workspace.settings.update", actorId: members.ADMIN.userId, metadata: { fields: ["toneGuidelines", "retentionDays"] } });
    expect(entries.map((e) => e.action)).toContain("workspace.create");
  });
});
