import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { AppError } from "@/server/infra/errors/app-error";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { PermanentJobError } from "@/server/infra/queue/define-job";
import { recordJobFailure } from "@/server/infra/jobs/record-job-failure";
import { publishJobs, stopQueue } from "@/server/infra/runtime/queue";
import { pino } from "pino";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

const jobCtx = { jobId: "test", attempt: 1, log: pino({ level: "silent" }), signal: new AbortController().signal };

let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;

async function messageState(messageId: string) {
  return withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { agentRuns: true } });
    const replies = await tx.reply.findMany({ where: { inReplyToId: messageId } });
    const lead = await tx.lead.findFirstOrThrow({ where: { contact: { conversations: { some: { id: message.conversationId } } } } });
    return { message, replies, lead };
  });
}

async function ingestAndWait(text: string, customer = {}) {
  const body = demoBody(ws.externalId, text, customer);
  const result = await postDemo(ws, body);
  expect(result).toEqual({ received: 1, stored: 1, duplicates: 0 });
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  const id = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirstOrThrow({ where: { platformMessageId } }));
  await waitFor(async () => (await messageState(id.id)).message.status === "PROCESSED", 20_000, "message processed");
  return id.id;
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
});

afterAll(async () => {
  await stopQueue();
});

const processMessage = bindJobHandlers({ publish: publishJobs }).get("process-message")!.handler;

describe("message pipeline on the embedded queue", () => {
  it("classifies, scores and auto-answers a sales question from the knowledge base, recording each agent run", async () => {
    const id = await ingestAndWait("Hi! How much is the Pro plan per month? I'd like to order today.");
    const state = await waitFor(async () => {
      const s = await messageState(id);
      return s.replies[0]?.status === "SENT" ? s : null;
    }, 20_000, "reply sent");
    expect(state.message.intent).toBe("SALES");
    expect(state.message.intentConfidence).toBeGreaterThan(0.5);
    expect(state.lead.tier).not.toBe("COLD");
    expect(state.lead.reason.length).toBeGreaterThan(0);
    expect(state.replies[0]?.source).toBe("AI");
    expect(state.message.agentRuns.map((r) => r.agent).sort()).toEqual(["intent", "reply", "scorer"]);
    for (const run of state.message.agentRuns) expect(run).toMatchObject({ provider: "local", outcome: "ok" });
  });

  it("stores a redelivered webhook once", async () => {
    const body = demoBody(ws.externalId, "Do you ship to Canada?");
    expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
    expect(await postDemo(ws, body)).toMatchObject({ stored: 0, duplicates: 1 });
    const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
    const count = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { platformMessageId } }));
    expect(count).toBe(1);
  });

  it("refuses a bad signature or malformed body and stores nothing", async () => {
    const before = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count());
    const body = demoBody(ws.externalId, "hello");
    await expect(postDemo(ws, body, "sha256=deadbeef")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const tampered = body.replace("hello", "HELLO");
    const { signDemoPayload } = await import("@/server/channels/demo/sign-demo-payload");
    await expect(postDemo(ws, tampered, signDemoPayload(body, ws.secret))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(postDemo(ws, "{not json", "sha256=00")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const missingText = JSON.stringify({ ...JSON.parse(body), text: undefined, messageId: "x1" });
    await expect(postDemo(ws, missingText)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(postDemo(ws, "x".repeat(1_000_001))).rejects.toBeInstanceOf(AppError);
    const after = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count());
    expect(after).toBe(before);
  });

  it("gives spam no reply at all", async () => {
    const id = await ingestAndWait("🔥🔥 FREE 10K FOLLOWERS!!! click bit.ly/xx99 now, dm @growfast_bot 🚀🚀");
    const s = await messageState(id);
    expect(s.message.intent).toBe("SPAM");
    expect(s.replies).toHaveLength(0);
    expect(s.lead.tier).toBe("COLD");
    expect(s.message.agentRuns.map((r) => r.agent).sort()).toEqual(["intent", "scorer"]);
  });

  it("drafts instead of sending when confidence is below the auto-send threshold", async () => {
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.workspace.update({ where: { id: ws.workspaceId }, data: { autoReplyThreshold: 1 } }));
    try {
      const id = await ingestAndWait("How much does the Starter plan cost?");
      const s = await messageState(id);
      expect(s.message.intent).toBe("SALES");
      expect(s.replies).toHaveLength(1);
      expect(s.message.intentConfidence).toBeLessThan(1);
      expect(s.replies[0]).toMatchObject({ status: "DRAFT" });
      expect(s.replies[0]!.flags.join(" ")).toMatch(/confidence is below/);
    } finally {
      await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.workspace.update({ where: { id: ws.workspaceId }, data: { autoReplyThreshold: 0.5 } }));
    }
  });

  it("re-running the job for a processed message changes nothing", async () => {
    const id = await ingestAndWait("Is the Team plan good for an office of 20?");
    const before = await messageState(id);
    await processMessage({ workspaceId: ws.workspaceId, messageId: id }, jobCtx);
    await processMessage({ workspaceId: ws.workspaceId, messageId: id }, jobCtx);
    const after = await messageState(id);
    expect(after.replies.map((r) => r.id)).toEqual(before.replies.map((r) => r.id));
    expect(after.message.agentRuns.length).toBe(before.message.agentRuns.length);
    expect(after.lead.updatedAt).toEqual(before.lead.updatedAt);
  });

  it("handles empty, huge, binary-garbage and non-English messages without crashing", async () => {
    const texts = [" ", "x".repeat(100_000), "\u0000\u0001\u0002��\uD800garbage\u0007", "Bonjour, combien coûte l'abonnement Pro ?", "こんにちは、配送について教えてください"];
    for (const text of texts) {
      const id = await ingestAndWait(text);
      const s = await messageState(id);
      expect(s.message.status).toBe("PROCESSED");
      expect(["SALES", "SUPPORT", "SPAM", "OTHER"]).toContain(s.message.intent);
    }
  });

  it("fails permanently, visibly, for a message that does not exist, and marks a failed message with its error", async () => {
    await expect(processMessage({ workspaceId: ws.workspaceId, messageId: "nope" }, jobCtx)).rejects.toBeInstanceOf(PermanentJobError);
    const id = await ingestAndWait("hello there");
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.update({ where: { id }, data: { status: "PROCESSING" } }));
    await recordJobFailure({ name: "process-message", payload: { workspaceId: ws.workspaceId, messageId: id }, error: { name: "Error", message: "model exploded" }, jobId: "j", attempts: 5 });
    const s = await messageState(id);
    expect(s.message).toMatchObject({ status: "FAILED", error: "Error: model exploded" });
  });

  it("acknowledges events for unknown channels without storing them", async () => {
    const { ingestEvent } = await import("@/server/pipeline/ingest-event");
    const result = await ingestEvent({
      platform: "DEMO", channelExternalId: "no-such-channel", platformMessageId: "x", threadId: "t", kind: "DM",
      sender: { platformUserId: "u" }, text: "hi", sentAt: new Date(),
    });
    expect(result).toEqual({ status: "unknown-channel" });
  });
});
