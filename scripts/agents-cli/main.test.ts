/**
 * The agents CLI as a user runs it: a tsx child process fed JSON Lines on stdin, with no
 * environment but PATH (plus the AI variables where a test points a chain at the fake OpenAI).
 */
import { spawn, type StdioOptions } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_FIRST_CONFIDENCE } from "@/agents/intent/classify-intent";
import { classifyIntentLocal } from "@/agents/intent/classify-local";
import { DEMO_ARTICLES } from "@/server/demo/demo-content";
import { anonymise } from "@/shared/privacy/anonymise";
import { FAKE_OPENAI_KEY, replyJson, startFakeOpenAI, type FakeLlmServer } from "../../tests/fakes/openai/server";

const root = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(root, "node_modules/tsx/dist/cli.mjs");
const MAIN = path.join(root, "scripts/agents-cli/main.ts");

type Result = { code: number | null; lines: Array<Record<string, unknown>>; stdout: string; stderr: string };

function runCli(args: string[], stdin: string | number, env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = [typeof stdin === "number" ? stdin : "pipe", "pipe", "pipe"];
    // Next's types make NODE_ENV required on ProcessEnv; the point here is to pass no configuration at all.
    const childEnv = { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, [TSX, MAIN, ...args], { cwd: root, env: childEnv, stdio });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code: number | null) => {
      const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines, stdout, stderr });
    });
    if (typeof stdin === "string") child.stdin?.end(stdin);
  });
}

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n";
const KNOWLEDGE = DEMO_ARTICLES.map((a, i) => ({ id: `kb${i}`, title: a.title, body: a.body }));

describe("agents CLI on the local models, with no environment", () => {
  it("classifies each line in input order, echoing ids; empty text is 'other' with low confidence", async () => {
    const r = await runCli(["classify"], jsonl([
      { id: "a", text: "Hi! How much is the Pro plan per month? I'd like to order today." },
      { id: 2, text: "🔥🔥 FREE 10K FOLLOWERS!!! click bit.ly/xx99 now, dm @growfast_bot 🚀🚀" },
      { id: "c", text: "My order arrived damaged, I want a refund" },
      { id: "d", text: "" },
    ]));
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => [l.id, l.intent])).toEqual([["a", "sales"], [2, "spam"], ["c", "support"], ["d", "other"]]);
    expect(r.lines[3]!.confidence).toBeLessThan(0.5);
    for (const line of r.lines) expect(Object.keys(line).sort()).toEqual(["confidence", "id", "intent"]);
  });

  it("answers a bad line with its line number and error, tells stderr, and carries on (exit 0)", async () => {
    const r = await runCli(["classify"], jsonl([
      { id: "ok1", text: "do you ship to Canada?" },
      "{not json",
      { id: "no-text" },
      { text: "no id" },
      { id: "ok2", text: "thanks, love it" },
    ]));
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(5);
    expect(r.lines[1]).toEqual({ id: null, line: 2, error: "not valid JSON" });
    expect(r.lines[2]).toMatchObject({ id: "no-text", line: 3, error: expect.stringContaining("text") as unknown });
    expect(r.lines[3]).toMatchObject({ id: null, line: 4, error: expect.stringContaining("id") as unknown });
    expect(r.lines[4]).toMatchObject({ id: "ok2", intent: expect.any(String) as unknown });
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(r.stderr).toMatch(/line 3: text/);
  });

  it("classifies a 20,000-line file completely and in order", async () => {
    const texts = ["How much is the Team plan?", "where is my order?? it's late", "free followers at bit.ly/x", "nice pic", "Do you ship to the EU?"];
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, text: `${texts[i % texts.length]} #${i}` }));
    const r = await runCli(["classify"], jsonl(rows));
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(20_000);
    expect(r.lines.every((l, i) => l.id === i && typeof l.intent === "string")).toBe(true);
    expect(r.stderr).toMatch(/20000 lines, 0 bad/);
  }, 120_000);

  it("scores leads, classifying first when the intent is missing", async () => {
    const r = await runCli(["score"], jsonl([
      { id: "hot", text: "How much is the Team plan? We need it for 20 people this week.", followers: 25_000, verified: true },
      { id: "spam", text: "cheap followers", intent: "spam" },
      { id: "bad", text: "x", followers: -1 },
    ]));
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ id: "hot", tier: "hot", tags: expect.arrayContaining(["pricing"]) as unknown });
    expect(r.lines[0]!.score).toBeGreaterThanOrEqual(70);
    expect(typeof r.lines[0]!.reason).toBe("string");
    expect(r.lines[1]).toMatchObject({ id: "spam", tier: "cold", tags: ["spam"] });
    expect(r.lines[2]).toMatchObject({ id: "bad", line: 3, error: expect.stringContaining("followers") as unknown });
  });

  it("replies from the inline knowledge base, hands off without a match, and never echoes the sender's phone", async () => {
    const tone = { companyName: "Demo Coffee Co", guidelines: "Warm and friendly." };
    const r = await runCli(["reply"], jsonl([
      { id: "r1", text: "Hi, I'm Jane Doe, do you ship to Canada? Call me on +44 20 7946 0958", intent: "sales", knowledge: KNOWLEDGE, tone },
      { id: "r1b", text: "How much is the Pro plan?", knowledge: KNOWLEDGE },
      { id: "r2", text: "what's your favourite film?", intent: "sales", knowledge: KNOWLEDGE },
      { id: "r3", text: "How much is the Pro plan?", knowledge: "nope" },
    ]));
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ id: "r1", handoff: false });
    expect(r.lines[0]!.reply).toMatch(/Canada/);
    expect(r.lines[0]!.reply).not.toMatch(/7946|0958/);
    expect(r.lines[1]).toMatchObject({ id: "r1b", handoff: false });
    expect(r.lines[1]!.reply).toMatch(/\$29/);
    expect(r.lines[2]).toMatchObject({ id: "r2", handoff: true });
    expect(r.lines[3]).toMatchObject({ id: "r3", line: 4, error: expect.stringContaining("knowledge") as unknown });
  });

  it("prints usage with the line formats; refuses unknown commands, bad configuration and an unreadable stdin", async () => {
    const help = await runCli(["--help"], "");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/classify[\s\S]*"id"[\s\S]*"intent"[\s\S]*score[\s\S]*"tier"[\s\S]*reply[\s\S]*"knowledge"/);
    expect((await runCli(["explode"], "")).code).toBe(2);
    const badChain = await runCli(["classify"], "", { INTENT_MODELS: "openai" });
    expect(badChain.code).toBe(2);
    expect(badChain.stderr).toMatch(/INTENT_MODELS/);
    const dir = openSync(tmpdir(), "r");
    try {
      const r = await runCli(["classify"], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/could not read stdin/);
    } finally {
      closeSync(dir);
    }
  });
});

describe("agents CLI with an LLM chain (fake OpenAI)", () => {
  let fake: FakeLlmServer;
  const llmEnv = () => ({ OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.baseURL, INTENT_MODELS: "openai:gpt-4o-mini", LLM_TIMEOUT_MS: "5000" });
  // Messages the local classifier is unsure of (checked below): only those are sent to a model.
  const PII_LINES = [
    { id: "p1", text: "I'm Jane Doe (jane.doe@example.com), is the Team plan worth it for us?" },
    { id: "p2", text: "call me on +44 20 7946 0958 about the Team plan, is it worth it?" },
    { id: "p3", text: "Hi I'm Jane Doe, what happens to my beans if I pause? jane.doe@example.com" },
  ];
  const localIntent = (text: string) => classifyIntentLocal(anonymise(text).text);

  it("has messages the local classifier is unsure of, so that a model is asked", () => {
    for (const l of PII_LINES) expect(localIntent(l.text).confidence).toBeLessThan(LOCAL_FIRST_CONFIDENCE);
  });
  const RAW_PII = ["jane.doe@example.com", "7946 0958", "+442079460958", "Jane Doe"];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it("uses the model's structured answer, and the model never sees the raw email, phone or name", async () => {
    fake.setResponder(() => replyJson({ intent: "support", confidence: 0.77 }));
    const r = await runCli(["classify"], jsonl(PII_LINES), llmEnv());
    expect(r.code).toBe(0);
    // The model's intent, with the calibrated local probability of it, not the model's own 0.77.
    expect(r.lines.map((l) => ({ id: l.id, intent: l.intent }))).toEqual(PII_LINES.map((l) => ({ id: l.id, intent: "support" })));
    for (const l of r.lines) expect(l.confidence).toSatisfy((c: unknown) => typeof c === "number" && c >= 0 && c <= 1 && c !== 0.77);
    expect(fake.requests.length).toBe(3);
    const seen = JSON.stringify(fake.requests.map((q) => q.body));
    for (const raw of RAW_PII) expect(seen).not.toContain(raw);
    expect(seen).toContain("[EMAIL_1]");
    expect(seen).toContain("[PHONE_1]");
    expect(seen).toContain("[NAME_1]");
    expect(r.stderr).toMatch(/intent openai:gpt-4o-mini 3/);
  });

  it("falls back to the local model when the provider answers 500, and says so on stderr", async () => {
    fake.setResponder(() => ({ type: "error", status: 500, message: "upstream exploded" }));
    const r = await runCli(["classify"], jsonl(PII_LINES), llmEnv());
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(["p1", "p2", "p3"]);
    expect(r.lines.map((l) => l.intent)).toEqual(PII_LINES.map((l) => localIntent(l.text).intent));
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    const seen = JSON.stringify(fake.requests.map((q) => q.body));
    for (const raw of RAW_PII) expect(seen).not.toContain(raw);
    expect(r.stderr).toMatch(/falling back to the local model/);
    expect(r.stderr).toMatch(/intent local:builtin 3/);
  });
});
