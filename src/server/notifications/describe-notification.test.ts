import { describe, expect, it } from "vitest";
import { describeNotification } from "./describe-notification";
import { digestMail } from "./digest-mail";

const row = (kind: Parameters<typeof describeNotification>[0]["kind"], data: unknown, ids: Partial<{ conversationId: string; leadId: string; channelId: string }> = {}) => ({
  kind, data, conversationId: ids.conversationId ?? null, leadId: ids.leadId ?? null, channelId: ids.channelId ?? null,
});

describe("describeNotification", () => {
  it("titles each kind from its labels and links inside the app", () => {
    expect(describeNotification(row("HOT_LEAD", { score: 91, platform: "INSTAGRAM" }, { leadId: "l1", conversationId: "c1" }))).toEqual({ title: "New hot lead on Instagram (score 91)", href: "/leads/l1" });
    expect(describeNotification(row("DRAFTS_WAITING", { count: 3, minutes: 15 }))).toEqual({ title: "3 drafts are waiting for approval (over 15 min)", href: "/inbox" });
    expect(describeNotification(row("DRAFTS_WAITING", { count: 1 }, { conversationId: "c2" }))).toEqual({ title: "1 draft is waiting for approval", href: "/inbox/c2" });
    expect(describeNotification(row("CHANNEL_REAUTH", { platform: "X", channelName: "Acme" }, { channelId: "ch" }))).toEqual({ title: "“Acme” on X needs to be reconnected", href: "/settings/channels" });
    expect(describeNotification(row("SEND_FAILED", { platform: "FACEBOOK" }, { conversationId: "c3" }))).toEqual({ title: "A reply could not be sent on Facebook", href: "/inbox/c3" });
  });

  it("still shows a row whose labels are missing or malformed", () => {
    expect(describeNotification(row("HOT_LEAD", { score: "lots", platform: 7 }))).toEqual({ title: "New hot lead", href: "/leads" });
    expect(describeNotification(row("CHANNEL_REAUTH", null)).title).toBe("A channel needs to be reconnected");
  });
});

describe("digestMail", () => {
  it("lists titles with absolute links, counts the rest, and links to the app", () => {
    const rows = Array.from({ length: 22 }, (_, i) => row("HOT_LEAD", { score: 80 + (i % 10), platform: "DEMO" }, { leadId: `l${i}` }));
    const mail = digestMail("a@example.test", "https://app.example.test/", "Acme", rows, 25);
    expect(mail.subject).toBe("Leadline: 25 unread notifications in Acme");
    expect(mail.text.match(/^- New hot lead/gm)).toHaveLength(20);
    expect(mail.text).toContain("  https://app.example.test/leads/l0\n");
    expect(mail.text).toContain("...and 5 more.");
    expect(mail.text).toContain("Open Leadline: https://app.example.test/inbox");
  });
});
