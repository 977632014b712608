import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { encrypt, decrypt } from "@/server/infra/crypto/field-crypto";
import { db } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { logger } from "@/server/infra/logger";
import { MailSendError, type Mail, type MailPort } from "@/server/infra/mail/mail-port";
import { resetMailer } from "@/server/infra/mail/mailer";
import { stopQueue } from "@/server/infra/runtime/queue";
import { notifyHotLeads } from "@/server/notifications/notify-hot-leads";
import { notifyFailedSends } from "@/server/notifications/notify-failed-sends";
import { runDigestJob, sendDigests } from "@/server/notifications/send-digests";
import { jobCatalog } from "@/server/infra/jobs/catalog";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { checkSchedules, recurringJobs } from "@/server/infra/queue/schedules";
import { callerFor } from "../helpers/factories";
import { addReply, conversationWithLead, notificationsCaller, notificationsWorkspace, type NotificationsWorkspace } from "./notifications-setup";

/**
 * The daily email digest through the mail port: once per member per UTC day (the day's row is
 * claimed before the mail goes, so reruns and a crash after sending never mail twice), admins by
 * default and others who opted in, titles and links only with a link to APP_URL; a mail port
 * failure is retried on the next run with the same notifications (nothing lost); a member without
 * a usable address is skipped with a log line that does not name it. And the invitation mail.
 */
const APP_URL = "https://app.leadline.test";
let ws: NotificationsWorkspace;
let mails: Mail[];
let failing = false;
const port: MailPort = {
  kind: "smtp",
  async send(mail) {
    if (failing) throw new MailSendError("the SMTP server refused the connection", true);
    mails.push(mail);
    return { id: `m-${mails.length}` };
  },
};
const to = (email: string) => mails.filter((m) => m.to === email.toLowerCase());
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000);

async function hotLead(target: NotificationsWorkspace) {
  const c = await conversationWithLead(target, null, "HOT");
  await withTenant({ workspaceId: target.workspaceId }, (tx) => notifyHotLeads(tx, target.workspaceId, [c.conversationId]));
  return c;
}

async function digestRows(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.notificationDigest.findMany({ where: { workspaceId } }));
}

beforeAll(async () => {
  ws = await notificationsWorkspace();
  await hotLead(ws);
  const failed = await conversationWithLead(ws, null);
  const reply = await addReply(ws.workspaceId, failed.conversationId, "SENDING");
  await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    await tx.reply.update({ where: { id: reply.id }, data: { status: "FAILED" } });
    await notifyFailedSends(tx, ws.workspaceId, [reply.id]);
  });
  // The agent opts in; the viewer and the other agent keep the default (off).
  await notificationsCaller(ws.members.AGENT.userId, ws.workspaceId).setPreferences({ mutedKinds: [], browser: false, emailDigest: true });
}, 60_000);

afterEach(() => {
  failing = false;
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stopQueue();
});

describe("the daily digest", () => {
  it("is a job in the catalog, bound to its handler and scheduled daily like the others", () => {
    expect(recurringJobs.filter((r) => r.name === "notification-digest" || r.name === "notify-waiting-drafts").map((r) => [r.name, r.cron])).toEqual([
      ["notify-waiting-drafts", "*/5 * * * *"],
      ["notification-digest", "0 7 * * *"],
    ]);
    expect(() => checkSchedules(recurringJobs, jobCatalog)).not.toThrow();
    const registry = bindJobHandlers({ publish: async (_name, items) => items.map(() => ({ id: null, deduplicated: false })) });
    expect(registry.get("notification-digest")?.schema.safeParse({ extra: 1 }).success).toBe(false);
    expect(registry.get("notify-waiting-drafts")).toBeDefined();
  });

  it("mails admins and members who opted in, once a day, titles and links only", async () => {
    mails = [];
    await sendDigests({ mail: port, appUrl: APP_URL });
    const admin = to(ws.members.ADMIN.email);
    expect(admin).toHaveLength(1);
    expect(to(ws.members.AGENT.email)).toHaveLength(1);
    expect(to(ws.members.VIEWER.email)).toEqual([]);
    expect(to(ws.otherAgent.email)).toEqual([]);
    const mail = admin[0]!;
    expect(mail.subject).toBe("Leadline: 2 unread notifications in Pipeline");
    expect(mail.text).toMatch(/New hot lead on Demo \(score 88\)\n {2}https:\/\/app\.leadline\.test\/leads\/\S+/);
    expect(mail.text).toMatch(/A reply could not be sent on Demo\n {2}https:\/\/app\.leadline\.test\/inbox\/\S+/);
    expect(mail.text).toContain(`Open Leadline: ${APP_URL}/inbox`);
    expect(mail.text).not.toMatch(/4417|Casey|secret/);

    // The same day again (a rerun, or the queue's retry): nothing more.
    await sendDigests({ mail: port, appUrl: APP_URL });
    expect(to(ws.members.ADMIN.email)).toHaveLength(1);
    const rows = await digestRows(ws.workspaceId);
    expect(rows.filter((r) => r.state === "SENT").map((r) => r.userId).sort()).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId].sort());

    // The next day, only what is new and still unread; nothing for someone with nothing new.
    await hotLead(ws);
    await sendDigests({ mail: port, appUrl: APP_URL, now: day(1) });
    const next = to(ws.members.ADMIN.email);
    expect(next).toHaveLength(2);
    expect(next[1]!.subject).toBe("Leadline: 1 unread notification in Pipeline");
  });

  it("keeps everything when the mail port fails, and the next run sends it once", async () => {
    const target = await notificationsWorkspace();
    await hotLead(target);
    mails = [];
    failing = true;
    await expect(runDigestJob({ mail: port, appUrl: APP_URL, now: day(2) })).rejects.toThrow(/retried/);
    expect(to(target.members.ADMIN.email)).toEqual([]);
    expect((await digestRows(target.workspaceId)).map((r) => r.state)).toEqual(["FAILED"]);
    const pending = await withTenant({ workspaceId: target.workspaceId }, (tx) => tx.notification.count({ where: { workspaceId: target.workspaceId, userId: target.members.ADMIN.userId, digestedAt: null } }));
    expect(pending).toBe(1);

    failing = false;
    await runDigestJob({ mail: port, appUrl: APP_URL, now: day(2) });
    await runDigestJob({ mail: port, appUrl: APP_URL, now: day(2) });
    const sent = to(target.members.ADMIN.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Leadline: 1 unread notification in Pipeline");
    expect(await digestRows(target.workspaceId)).toEqual([expect.objectContaining({ state: "SENT", attempts: 2, notifications: 1 })]);
  });

  it("never mails twice after a crash that left the day's claim behind", async () => {
    const target = await notificationsWorkspace();
    await hotLead(target);
    const today = day(3).toISOString().slice(0, 10);
    await withTenant({ workspaceId: target.workspaceId }, (tx) =>
      tx.notificationDigest.create({ data: { workspaceId: target.workspaceId, userId: target.members.ADMIN.userId, day: today, state: "SENDING", attempts: 1 } }),
    );
    mails = [];
    await sendDigests({ mail: port, appUrl: APP_URL, now: day(3) });
    expect(to(target.members.ADMIN.email)).toEqual([]);
    // Its notifications were not carried, so the next day's digest has them.
    await sendDigests({ mail: port, appUrl: APP_URL, now: day(4) });
    expect(to(target.members.ADMIN.email)).toHaveLength(1);
  });

  it("skips a member without a usable address, logging no address", async () => {
    const target = await notificationsWorkspace();
    await hotLead(target);
    const bad = "not-an-address@@example..test";
    await db().user.update({ where: { id: target.members.ADMIN.userId }, data: { emailEnc: encrypt(bad) } });
    const warn = vi.spyOn(logger, "warn");
    mails = [];
    const report = await sendDigests({ mail: port, appUrl: APP_URL, now: day(5) });
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    expect(mails.filter((m) => m.to.includes("not-an-address"))).toEqual([]);
    expect((await digestRows(target.workspaceId)).map((r) => r.state)).toEqual(["SKIPPED"]);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain(target.members.ADMIN.userId);
    expect(logged).not.toContain("not-an-address");
  });
});

describe("invitation mail", () => {
  it("goes through the mail port with the accept link; the log never carries the link", async () => {
    const invitee = `invitee.${Date.now()}@example.test`;
    const info = vi.spyOn(logger, "info");
    const created = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).invitations.create({ email: invitee, role: "AGENT" });
    expect(created.mail).toBe("sent");
    const stored = (await db().mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: 50 })).find((m) => decrypt(m.toEnc) === invitee);
    expect(stored?.subject).toBe("You're invited to Pipeline on Leadline");
    expect(decrypt(stored!.textEnc)).toContain(created.link);
    expect(decrypt(stored!.textEnc)).toContain("as an agent");
    const token = created.link.split("/invite/")[1]!;
    expect(JSON.stringify(info.mock.calls.filter(([record]) => JSON.stringify(record).includes("invitation")))).not.toContain(token);
  });

  it("keeps the invitation and says the mail did not go when the mail port fails", async () => {
    const global = globalThis as unknown as { leadlineMailer?: MailPort };
    global.leadlineMailer = { kind: "smtp", send: async () => { throw new MailSendError("the SMTP server refused the connection", true); } };
    const warn = vi.spyOn(logger, "warn");
    try {
      const invitee = `invitee.fail.${Date.now()}@example.test`;
      const created = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).invitations.create({ email: invitee, role: "VIEWER" });
      expect(created.mail).toBe("not-sent");
      const pending = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).invitations.list();
      expect(pending.map((p) => p.id)).toContain(created.id);
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).toContain(created.id);
      expect(logged).not.toContain(invitee);
      expect(logged).not.toContain(created.link.split("/invite/")[1]!);
    } finally {
      resetMailer();
    }
  });

  it("refuses a viewer's crafted invitation: nothing created, nothing mailed", async () => {
    const before = await db().mailOutbox.count();
    const invitee = `invitee.viewer.${Date.now()}@example.test`;
    await expect(callerFor(ws.members.VIEWER.userId, ws.workspaceId).invitations.create({ email: invitee, role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const mailsNow = await db().mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: Math.max(1, (await db().mailOutbox.count()) - before) });
    expect(mailsNow.some((m) => decrypt(m.toEnc) === invitee)).toBe(false);
  });
});
