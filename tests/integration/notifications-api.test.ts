import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { notifyHotLeads } from "@/server/notifications/notify-hot-leads";
import { conversationWithLead, notificationsCaller, notificationsOf, notificationsWorkspace, type NotificationsWorkspace } from "./notifications-setup";

/**
 * The notifications router: every member reads and marks only their own notifications; ids of
 * another member's (or another workspace's) are refused without changing anything; bad input is
 * refused with field errors; preferences are the member's own, with the documented defaults, and
 * a muted kind is not created.
 */
let ws: NotificationsWorkspace;
let other: NotificationsWorkspace;

async function hotLead(target: NotificationsWorkspace) {
  const c = await conversationWithLead(target, null, "HOT");
  await withTenant({ workspaceId: target.workspaceId }, (tx) => notifyHotLeads(tx, target.workspaceId, [c.conversationId]));
  return c;
}

async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
}

beforeAll(async () => {
  ws = await notificationsWorkspace();
  other = await notificationsWorkspace();
  await hotLead(ws);
  await hotLead(ws);
  await hotLead(other);
}, 60_000);

afterAll(async () => {
  await stopQueue();
});

describe("list", () => {
  it("shows the member's own notifications with a title, a link and the unread count", async () => {
    const list = await notificationsCaller(ws.members.AGENT.userId, ws.workspaceId).list({ limit: 10 });
    expect(list.unread).toBe(2);
    expect(list.items).toHaveLength(2);
    for (const item of list.items) {
      expect(item.kind).toBe("HOT_LEAD");
      expect(item.title).toMatch(/^New hot lead on Demo \(score 88\)$/);
      expect(item.href).toMatch(/^\/leads\/[A-Za-z0-9_-]+$/);
      expect(item.read).toBe(false);
    }
    const own = (await notificationsOf(ws.workspaceId)).filter((n) => n.userId === ws.members.AGENT.userId).map((n) => n.id).sort();
    expect(list.items.map((i) => i.id).sort()).toEqual(own);
  });

  it("refuses signed-out callers, non-members and bad input", async () => {
    await expectCode(notificationsCaller(null, ws.workspaceId).list({ limit: 10 }), "UNAUTHORIZED");
    await expectCode(notificationsCaller(other.members.ADMIN.userId, ws.workspaceId).list({ limit: 10 }), "NOT_FOUND");
    await expectCode(notificationsCaller(ws.members.ADMIN.userId, ws.workspaceId).list({ limit: 500 }), "BAD_REQUEST");
  });
});

describe("mark read", () => {
  it("marks one and then all of the member's own, leaving everyone else's unread", async () => {
    const agent = notificationsCaller(ws.members.AGENT.userId, ws.workspaceId);
    const [first] = (await agent.list({ limit: 10 })).items;
    expect(await agent.markRead({ ids: [first!.id] })).toEqual({ updated: 1 });
    expect((await agent.list({ limit: 10 })).unread).toBe(1);
    expect(await agent.markRead({ ids: [first!.id] })).toEqual({ updated: 0 }); // already read: nothing changes
    expect(await agent.markAllRead()).toEqual({ updated: 1 });
    expect((await agent.list({ limit: 10 })).unread).toBe(0);
    expect((await notificationsCaller(ws.members.ADMIN.userId, ws.workspaceId).list({ limit: 10 })).unread).toBe(2);
    expect((await notificationsCaller(other.members.ADMIN.userId, other.workspaceId).list({ limit: 10 })).unread).toBe(1);
  });

  it("refuses a viewer's crafted request for the admin's notification (and another workspace's), changing nothing", async () => {
    const adminIds = (await notificationsOf(ws.workspaceId)).filter((n) => n.userId === ws.members.ADMIN.userId).map((n) => n.id);
    const foreign = (await notificationsOf(other.workspaceId))[0]!.id;
    const viewer = notificationsCaller(ws.members.VIEWER.userId, ws.workspaceId);
    const ownViewerId = (await viewer.list({ limit: 10 })).items[0]!.id;
    await expectCode(viewer.markRead({ ids: [adminIds[0]!] }), "NOT_FOUND");
    await expectCode(viewer.markRead({ ids: [ownViewerId, foreign] }), "NOT_FOUND"); // all or nothing
    expect((await viewer.list({ limit: 10 })).unread).toBe(2);
    expect((await notificationsOf(ws.workspaceId)).filter((n) => adminIds.includes(n.id)).every((n) => n.readAt === null)).toBe(true);
    expect((await notificationsOf(other.workspaceId)).every((n) => n.readAt === null)).toBe(true);
  });

  it("refuses bad input with field errors", async () => {
    const admin = notificationsCaller(ws.members.ADMIN.userId, ws.workspaceId);
    await expectCode(admin.markRead({ ids: [] }), "BAD_REQUEST");
    await expectCode(admin.markRead({ ids: ["x".repeat(500)] }), "BAD_REQUEST");
    await expectCode(admin.markRead({ ids: "all" } as unknown as { ids: string[] }), "BAD_REQUEST");
  });
});

describe("preferences", () => {
  it("defaults to the email digest for admins only", async () => {
    expect(await notificationsCaller(ws.members.ADMIN.userId, ws.workspaceId).preferences()).toEqual({ mutedKinds: [], browser: false, emailDigest: true });
    expect(await notificationsCaller(ws.members.AGENT.userId, ws.workspaceId).preferences()).toEqual({ mutedKinds: [], browser: false, emailDigest: false });
    expect(await notificationsCaller(ws.members.VIEWER.userId, ws.workspaceId).preferences()).toEqual({ mutedKinds: [], browser: false, emailDigest: false });
  });

  it("saves the member's own choices; a muted kind is no longer created for them", async () => {
    const viewer = notificationsCaller(ws.members.VIEWER.userId, ws.workspaceId);
    await viewer.setPreferences({ mutedKinds: ["HOT_LEAD", "HOT_LEAD"], browser: true, emailDigest: true });
    expect(await viewer.preferences()).toEqual({ mutedKinds: ["HOT_LEAD"], browser: true, emailDigest: true });
    expect((await notificationsCaller(ws.members.ADMIN.userId, ws.workspaceId).preferences()).browser).toBe(false);
    const before = (await notificationsOf(ws.workspaceId)).length;
    await hotLead(ws);
    const added = (await notificationsOf(ws.workspaceId)).slice(before).map((n) => n.userId).sort();
    expect(added).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId, ws.otherAgent.userId].sort());
  });

  it("refuses an unknown kind or a missing field, keeping what was saved", async () => {
    const viewer = notificationsCaller(ws.members.VIEWER.userId, ws.workspaceId);
    await expectCode(viewer.setPreferences({ mutedKinds: ["EVERYTHING"], browser: false, emailDigest: false } as never), "BAD_REQUEST");
    await expectCode(viewer.setPreferences({ mutedKinds: [], browser: false } as never), "BAD_REQUEST");
    await expectCode(viewer.setPreferences({ mutedKinds: [], browser: false, emailDigest: false, userId: ws.members.ADMIN.userId } as never), "BAD_REQUEST");
    expect(await viewer.preferences()).toEqual({ mutedKinds: ["HOT_LEAD"], browser: true, emailDigest: true });
  });
});
