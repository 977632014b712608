import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { SAVED_REPLIES_MAX } from "@/shared/saved-replies/saved-reply-input";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Saved replies: admins manage them, agents and viewers read them (agents use them in the
 * composer), a viewer's or agent's crafted write is refused, shortcuts are normalised and unique
 * per workspace (also under a race), bad input is refused with a clear message, and another
 * workspace's saved replies are never visible.
 */
type Role = "ADMIN" | "AGENT" | "VIEWER";
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let other: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
const as = (role: Role, t = team) => callerFor(t.members[role].userId, t.workspaceId);
const rows = (workspaceId = team.workspaceId) => withTenant({ workspaceId }, (tx) => tx.savedReply.findMany({ orderBy: { title: "asc" } }));

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "ok", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}

beforeAll(async () => {
  team = await createWorkspaceWithTeam("Saved");
  other = await createWorkspaceWithTeam("Other");
});
afterAll(async () => {
  await stopQueue();
});

describe("managing saved replies", () => {
  it("lets an admin create, edit and delete; everyone reads them by title; audited without the text", async () => {
    const pricing = await as("ADMIN").savedReplies.create({ title: "Pricing", body: "Hi {{first_name}}, the Pro plan is $29 a month.", shortcut: " /Pricing " });
    expect(pricing).toMatchObject({ title: "Pricing", shortcut: "pricing" });
    const hours = await as("ADMIN").savedReplies.create({ title: "Opening hours", body: "We are open 9-17, Monday to Friday." });
    expect(hours.shortcut).toBeNull();
    for (const role of ["ADMIN", "AGENT", "VIEWER"] as const) {
      expect((await as(role).savedReplies.list()).map((r) => r.title)).toEqual(["Opening hours", "Pricing"]);
    }
    const edited = await as("ADMIN").savedReplies.update({ id: pricing.id, reply: { title: "Pricing (Pro)", body: "The Pro plan is $29 a month.", shortcut: "pro" } });
    expect(edited).toMatchObject({ title: "Pricing (Pro)", body: "The Pro plan is $29 a month.", shortcut: "pro" });
    await as("ADMIN").savedReplies.delete({ id: hours.id });
    expect((await rows()).map((r) => r.id)).toEqual([pricing.id]);

    const audit = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.auditLog.findMany({ where: { targetType: "saved_reply" }, orderBy: { createdAt: "asc" } }));
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([
      ["saved_reply.create", pricing.id],
      ["saved_reply.create", hours.id],
      ["saved_reply.update", pricing.id],
      ["saved_reply.delete", hours.id],
    ]);
    expect(audit[2]!.metadata).toEqual({ changed: ["title", "body", "shortcut"] });
    expect(JSON.stringify(audit.map((a) => a.metadata))).not.toContain("$29");
    await as("ADMIN").savedReplies.delete({ id: pricing.id });
  });

  it("refuses an agent's and a viewer's crafted writes on the server; nothing changes", async () => {
    const kept = await as("ADMIN").savedReplies.create({ title: "Kept", body: "Stays as it is.", shortcut: "kept" });
    for (const role of ["AGENT", "VIEWER"] as const) {
      expect((await codeOf(as(role).savedReplies.create({ title: "Mine", body: "Planted." }))).code).toBe("FORBIDDEN");
      expect((await codeOf(as(role).savedReplies.update({ id: kept.id, reply: { title: "Changed", body: "Changed." } }))).code).toBe("FORBIDDEN");
      expect((await codeOf(as(role).savedReplies.delete({ id: kept.id }))).code).toBe("FORBIDDEN");
    }
    expect((await codeOf(callerFor(null, team.workspaceId).savedReplies.list())).code).toBe("UNAUTHORIZED");
    expect((await rows()).map((r) => [r.title, r.body, r.shortcut])).toEqual([["Kept", "Stays as it is.", "kept"]]);
    await as("ADMIN").savedReplies.delete({ id: kept.id });
  });
});

describe("bad input", () => {
  it("refuses empty, over-long and malformed values with a message naming the rule, and writes nothing", async () => {
    const cases: Array<[Parameters<ReturnType<typeof as>["savedReplies"]["create"]>[0], string]> = [
      [{ title: "  ", body: "Text" }, "Give the saved reply a title."],
      [{ title: "Title", body: " \n " }, "Write the reply text."],
      [{ title: "t".repeat(81), body: "Text" }, "Titles are at most 80 characters."],
      [{ title: "Title", body: "b".repeat(2_001) }, "Saved replies are limited to 2,000 characters."],
      [{ title: "Title", body: "Text", shortcut: "two words" }, "Use letters, digits, - or _"],
      [{ title: "Title", body: "Text", shortcut: "/ünïcode" }, "Use letters, digits, - or _"],
      [{ title: "Title", body: "Text", shortcut: "x".repeat(33) }, "Use letters, digits, - or _"],
    ];
    for (const [input, message] of cases) {
      const refused = await codeOf(as("ADMIN").savedReplies.create(input));
      expect(refused.code, JSON.stringify(input).slice(0, 60)).toBe("BAD_REQUEST");
      expect(refused.message).toContain(message);
    }
    expect((await codeOf(as("ADMIN").savedReplies.update({ id: "missing", reply: { title: "T", body: "B" } }))).code).toBe("NOT_FOUND");
    expect((await codeOf(as("ADMIN").savedReplies.delete({ id: "missing" }))).code).toBe("NOT_FOUND");
    expect(await rows()).toEqual([]);
  });

  it("keeps shortcuts unique per workspace, also when two admins race for one; an empty shortcut is none", async () => {
    const first = await as("ADMIN").savedReplies.create({ title: "Shipping", body: "Free over $50.", shortcut: "shipping" });
    const taken = await codeOf(as("ADMIN").savedReplies.create({ title: "Shipping 2", body: "Other.", shortcut: "/SHIPPING" }));
    expect(taken).toEqual({ code: "CONFLICT", message: "Another saved reply already uses /shipping. Pick a different shortcut." });
    const second = await as("ADMIN").savedReplies.create({ title: "Returns", body: "30 days.", shortcut: "" });
    expect(second.shortcut).toBeNull();
    expect((await codeOf(as("ADMIN").savedReplies.update({ id: second.id, reply: { title: "Returns", body: "30 days.", shortcut: "shipping" } }))).code).toBe("CONFLICT");
    // Keeping its own shortcut on an edit is fine.
    expect((await codeOf(as("ADMIN").savedReplies.update({ id: first.id, reply: { title: "Shipping", body: "Free over $60.", shortcut: "shipping" } }))).code).toBe("ok");

    // Both pass the check, the database's unique index decides: one CONFLICT, never a 500.
    const raced = await Promise.all([0, 1, 2].map((i) => codeOf(as("ADMIN").savedReplies.create({ title: `Race ${i}`, body: "Same shortcut.", shortcut: "race" }))));
    expect(raced.map((r) => r.code).sort()).toEqual(["CONFLICT", "CONFLICT", "ok"]);
    expect((await rows()).filter((r) => r.shortcut === "race")).toHaveLength(1);

    // Another workspace may use the same shortcut.
    expect((await codeOf(as("ADMIN", other).savedReplies.create({ title: "Theirs", body: "Their shipping.", shortcut: "shipping" }))).code).toBe("ok");
    for (const r of await rows()) await as("ADMIN").savedReplies.delete({ id: r.id });
  });

  it("stops at the workspace's limit with a clear message", async () => {
    const workspace = await createWorkspaceWithTeam("Full");
    await withTenant({ workspaceId: workspace.workspaceId }, (tx) =>
      tx.savedReply.createMany({ data: Array.from({ length: SAVED_REPLIES_MAX }, (_, i) => ({ workspaceId: workspace.workspaceId, title: `Reply ${i}`, body: "Text" })) }),
    );
    const refused = await codeOf(as("ADMIN", workspace).savedReplies.create({ title: "One more", body: "Text" }));
    expect(refused).toEqual({ code: "BAD_REQUEST", message: `A workspace keeps at most ${SAVED_REPLIES_MAX} saved replies; delete one first.` });
    expect(await withTenant({ workspaceId: workspace.workspaceId }, (tx) => tx.savedReply.count())).toBe(SAVED_REPLIES_MAX);
  });
});

describe("tenancy", () => {
  it("never lists, edits or deletes another workspace's saved replies", async () => {
    const ours = await as("ADMIN").savedReplies.create({ title: "Ours only", body: "Our secret discount code.", shortcut: "ours" });
    const theirs = await as("ADMIN", other).savedReplies.create({ title: "Theirs only", body: "Their text.", shortcut: "theirs" });
    expect((await as("AGENT", other).savedReplies.list()).map((r) => r.id)).not.toContain(ours.id);
    expect((await as("AGENT").savedReplies.list()).map((r) => r.id)).not.toContain(theirs.id);
    expect((await codeOf(as("ADMIN", other).savedReplies.update({ id: ours.id, reply: { title: "Hijacked", body: "Hijacked." } }))).code).toBe("NOT_FOUND");
    expect((await codeOf(as("ADMIN", other).savedReplies.delete({ id: ours.id }))).code).toBe("NOT_FOUND");
    // A member of the other workspace asking for ours by header: not a member, not found.
    expect((await codeOf(callerFor(other.members.ADMIN.userId, team.workspaceId).savedReplies.list())).code).toBe("NOT_FOUND");
    expect((await rows()).map((r) => [r.id, r.title])).toEqual([[ours.id, "Ours only"]]);
    // Row-level security: an unfiltered read in their tenant transaction sees only theirs.
    const seen = await withTenant({ workspaceId: other.workspaceId }, (tx) => tx.savedReply.findMany({ select: { workspaceId: true } }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.workspaceId === other.workspaceId)).toBe(true);
  });
});
