import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import type { AutomationRules } from "@/shared/automation/automation-rules";
import { localMinutes } from "@/shared/automation/quiet-hours";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Settings -> Automation decides what happens to the next Demo message (issue 13, point 4):
 * "off" gives no AI draft, "draft only" a draft, "auto-send" a sent reply; quiet hours and a
 * stricter channel override hold an auto-send back as a draft.
 */

let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let channelId: string;
const SALES = "Hi! How much is the Pro plan per month? I'd like to order today.";

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
  channelId = (await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } }))).id;
});

afterAll(async () => {
  await stopQueue();
});

const admin = () => callerFor(ws.members.ADMIN.userId, ws.workspaceId);

function rules(overrides: Partial<AutomationRules> = {}): AutomationRules {
  return {
    version: 1,
    intents: { sales: { mode: "auto", threshold: 0.5 }, support: { mode: "auto", threshold: 0.5 }, other: { mode: "off", threshold: 0.5 } },
    channels: [],
    quietHours: { enabled: false, start: "22:00", end: "07:00", timeZone: "UTC" },
    ...overrides,
  };
}

/** Sends a Demo message from a new customer and waits for the pipeline to settle it (the reply sent, if one is queued). */
async function nextDemoMessage(text = SALES) {
  const body = demoBody(ws.externalId, text);
  expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  const state = () =>
    withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      const message = await tx.message.findFirstOrThrow({ where: { platformMessageId }, include: { agentRuns: true } });
      const replies = await tx.reply.findMany({ where: { inReplyToId: message.id } });
      return { message, replies };
    });
  await waitFor(async () => (await state()).message.status === "PROCESSED", 20_000, "message processed");
  return waitFor(async () => {
    const s = await state();
    return s.replies.some((r) => r.status === "QUEUED" || r.status === "SENDING") ? null : s;
  }, 20_000, "reply settled");
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

describe("the automation rule decides the next Demo message", () => {
  it("sends it as before while the workspace has only its old threshold", async () => {
    const s = await nextDemoMessage();
    expect(s.message.intent).toBe("SALES");
    expect(s.replies.map((r) => r.status)).toEqual(["SENT"]);
  });

  it("off: no AI draft at all, and no reply-model call", async () => {
    await admin().workspace.updateAutomation(rules({ intents: { ...rules().intents, sales: { mode: "off", threshold: 0.5 } } }));
    const s = await nextDemoMessage();
    expect(s.message.intent).toBe("SALES");
    expect(s.replies).toEqual([]);
    expect(s.message.agentRuns.map((r) => r.agent).sort()).toEqual(["intent", "scorer"]);
  });

  it("draft only: a draft that says why", async () => {
    await admin().workspace.updateAutomation(rules({ intents: { ...rules().intents, sales: { mode: "draft", threshold: 0.5 } } }));
    const s = await nextDemoMessage();
    expect(s.replies.map((r) => r.status)).toEqual(["DRAFT"]);
    expect(s.replies[0]!.flags).toContain('draft: automation for sales messages is set to "Draft only" (see Settings -> Automation)');
  });

  it("auto-send: sent again", async () => {
    await admin().workspace.updateAutomation(rules());
    const s = await nextDemoMessage();
    expect(s.replies.map((r) => r.status)).toEqual(["SENT"]);
  });

  it("a stricter channel override holds the reply as a draft on that channel", async () => {
    await admin().workspace.updateAutomation(rules({ channels: [{ channelId, rules: { sales: { mode: "auto", threshold: 1 } } }] }));
    const s = await nextDemoMessage();
    expect(s.replies.map((r) => r.status)).toEqual(["DRAFT"]);
    expect(s.replies[0]!.flags).toContain("draft: intent confidence is below the channel's threshold");
  });

  it("quiet hours hold an auto-send back as a draft, and let it go outside them", async () => {
    const zone = "Europe/Berlin";
    const now = localMinutes(new Date(), zone);
    // A window around the current local time (crossing midnight when it has to).
    const around = { enabled: true, start: hhmm(now + 24 * 60 - 60), end: hhmm(now + 60), timeZone: zone };
    await admin().workspace.updateAutomation(rules({ quietHours: around }));
    const held = await nextDemoMessage();
    expect(held.replies.map((r) => r.status)).toEqual(["DRAFT"]);
    expect(held.replies[0]!.flags).toContain(`draft: quiet hours (${around.start}–${around.end} ${zone}): held as a draft for a person to approve`);

    const later = { ...around, start: hhmm(now + 120), end: hhmm(now + 180) };
    await admin().workspace.updateAutomation(rules({ quietHours: later }));
    expect((await nextDemoMessage()).replies.map((r) => r.status)).toEqual(["SENT"]);
  });

  it("keeps the workspace switch above the rules: auto-send with auto-reply off drafts", async () => {
    await admin().workspace.updateAutomation(rules());
    await admin().workspace.updateSettings({ autoReplyEnabled: false });
    try {
      const s = await nextDemoMessage();
      expect(s.replies.map((r) => r.status)).toEqual(["DRAFT"]);
      expect(s.replies[0]!.flags).toContain("draft: auto-reply is off for this workspace");
    } finally {
      await admin().workspace.updateSettings({ autoReplyEnabled: true });
    }
  });

  it("drafts an 'other' message once its mode allows it (before: never)", async () => {
    const chat = "Just wanted to say your team was lovely at the market on Saturday, have a great week!";
    await admin().workspace.updateAutomation(rules());
    const before = await nextDemoMessage(chat);
    expect(before.message.intent).toBe("OTHER");
    expect(before.replies).toEqual([]);
    await admin().workspace.updateAutomation(rules({ intents: { ...rules().intents, other: { mode: "draft", threshold: 0.5 } } }));
    const after = await nextDemoMessage(chat);
    expect(after.message.intent).toBe("OTHER");
    expect(after.replies.map((r) => r.status)).toEqual(["DRAFT"]);
  });

  it("never drafts spam, whatever the rules", async () => {
    await admin().workspace.updateAutomation(rules({ intents: { sales: { mode: "auto", threshold: 0.5 }, support: { mode: "auto", threshold: 0.5 }, other: { mode: "auto", threshold: 0.5 } } }));
    const s = await nextDemoMessage("🔥🔥 FREE 10K FOLLOWERS!!! click bit.ly/xx99 now, dm @growfast_bot 🚀🚀");
    expect(s.message.intent).toBe("SPAM");
    expect(s.replies).toEqual([]);
  });
});
