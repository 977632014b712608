import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJsonl } from "@/agents/training/read-jsonl";
import { withTenant } from "@/server/infra/db/tenant";
import { DEMO_WORKSPACE } from "@/server/demo/demo-content";
import { stopQueue } from "@/server/infra/runtime/queue";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Realistic messages run end to end (webhook -> queue -> process-message -> send) on a
 * workspace with the Demo workspace's settings: auto-reply on, threshold 0.75, its tone, and
 * complaints not auto-answered. None of the "draft" cases may be sent automatically, and every
 * "send" case must be, so the test cannot pass by never sending.
 */
const caseSchema = z.object({
  id: z.string().min(1),
  message: z.string().min(1),
  knowledge: z.string().min(1),
  expect: z.enum(["send", "draft"]),
  why: z.string().min(1),
});
type Case = z.infer<typeof caseSchema>;
const articleSchema = z.object({ title: z.string().min(1), body: z.string().min(1) });

const FIXTURES = new URL("../fixtures/auto-send/", import.meta.url);
const parsed = parseJsonl(readFileSync(new URL("cases.jsonl", FIXTURES), "utf8"), caseSchema);
const extraKnowledge = z.record(z.string(), z.array(articleSchema)).parse(JSON.parse(readFileSync(new URL("knowledge.json", FIXTURES), "utf8")));
const cases: Case[] = parsed.rows;

type Workspace = Awaited<ReturnType<typeof createPipelineWorkspace>>;
const workspaces = new Map<string, Workspace>();
type Outcome = { status: string | null; flags: string[]; intent: string | null; confidence: number | null };
const outcomes = new Map<string, Outcome>();

/** A workspace with the Demo settings and either the Demo knowledge base or a fixture one. */
async function workspaceFor(knowledge: string): Promise<Workspace> {
  const ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.75 });
  await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    await tx.workspace.update({ where: { id: ws.workspaceId }, data: { name: DEMO_WORKSPACE.name, toneGuidelines: DEMO_WORKSPACE.toneGuidelines, autoReplyComplaints: false } });
    if (knowledge === "demo") return;
    const articles = extraKnowledge[knowledge];
    if (!articles) throw new Error(`fixture knowledge "${knowledge}" is not in knowledge.json`);
    await tx.knowledgeArticle.deleteMany({ where: { workspaceId: ws.workspaceId } });
    for (const a of articles) await tx.knowledgeArticle.create({ data: { workspaceId: ws.workspaceId, ...a } });
  });
  return ws;
}

async function runCase(c: Case, index: number): Promise<Outcome> {
  const ws = workspaces.get(c.knowledge)!;
  const body = demoBody(ws.externalId, c.message, { id: `fixture-${index}`, name: "Sam Lee", handle: `sam_${index}` });
  await postDemo(ws, body);
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  return waitFor(
    () =>
      withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
        const m = await tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" } });
        if (!m) return null;
        const reply = await tx.reply.findFirst({ where: { inReplyToId: m.id } });
        return { status: reply?.status ?? null, flags: reply?.flags ?? [], intent: m.intent, confidence: m.intentConfidence };
      }),
    60_000,
    `case ${c.id} processed`,
  );
}

beforeAll(async () => {
  for (const k of new Set(cases.map((c) => c.knowledge))) workspaces.set(k, await workspaceFor(k));
  const results = await Promise.all(cases.map((c, i) => runCase(c, i)));
  cases.forEach((c, i) => outcomes.set(c.id, results[i]!));
}, 180_000);

afterAll(async () => {
  await stopQueue();
});

const autoSent = (o: Outcome) => o.status === "QUEUED" || o.status === "SENDING" || o.status === "SENT";

describe("auto-send fixtures (tests/fixtures/auto-send)", () => {
  it("reads every fixture line and covers hand-offs and positives", () => {
    expect(parsed.problems).toEqual([]);
    expect(cases.filter((c) => c.expect === "draft").length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.expect === "send").length).toBeGreaterThanOrEqual(5);
  });

  it("never auto-sends a case whose right outcome is a hand-off or a draft", () => {
    const sent = cases.filter((c) => c.expect === "draft" && autoSent(outcomes.get(c.id)!)).map((c) => ({ id: c.id, ...outcomes.get(c.id) }));
    expect(sent).toEqual([]);
  });

  it("auto-sends the plain questions an article answers", () => {
    const held = cases.filter((c) => c.expect === "send" && !autoSent(outcomes.get(c.id)!)).map((c) => ({ id: c.id, ...outcomes.get(c.id) }));
    expect(held).toEqual([]);
  });

  it("says why a draft was not sent, in words a person can read", () => {
    const reason = (id: string) => outcomes.get(id)!.flags.find((f) => f.startsWith("draft:"));
    expect(reason("refund-complaint-en")).toMatch(/complaints, refund requests and angry messages/);
    expect(reason("es-price")).toMatch(/language/);
    expect(reason("off-topic-tea")).toMatch(/no knowledge article answers this question/);
    expect(reason("no-answer-mexico-en")).toMatch(/does not mention/);
  });

  it("auto-answers a complaint the knowledge answers once the workspace opts in", async () => {
    const complaint = cases.find((c) => c.id === "refund-complaint-en")!;
    expect(autoSent(outcomes.get(complaint.id)!)).toBe(false);
    const ws = await workspaceFor("demo");
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.workspace.update({ where: { id: ws.workspaceId }, data: { autoReplyComplaints: true } }));
    workspaces.set("demo-opted-in", ws);
    const outcome = await runCase({ ...complaint, knowledge: "demo-opted-in" }, cases.length);
    expect(outcome).toMatchObject({ status: expect.stringMatching(/^(QUEUED|SENDING|SENT)$/) });
  });

  it("stores calibrated intent confidences, not a wall of 100%", () => {
    const confidences = [...outcomes.values()].map((o) => o.confidence).filter((c): c is number => c !== null);
    expect(confidences.length).toBe(cases.length);
    for (const c of confidences) expect(c).toBeLessThan(1);
  });
});
