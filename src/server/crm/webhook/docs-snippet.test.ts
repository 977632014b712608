import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrmAuthError, type CrmLeadRecord } from "../crm-connector";
import { createWebhookConnector } from "./webhook-connector";

/**
 * The receiver snippet in docs/crm/webhook.md (the README quotes it) is run as written, in its
 * own Node process, and Leadline's connector delivers to it: the documented recipe and what we
 * send cannot drift apart.
 */
const secret = "docs-snippet-secret-0123456789abcdef";
let child: ChildProcess;
let dir: string;
let url: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const doc = await readFile(join(process.cwd(), "docs/crm/webhook.md"), "utf8");
  const snippet = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error("docs/crm/webhook.md has no ```js block");
  expect(snippet.trim().split("\n").length).toBeLessThanOrEqual(20);
  dir = await mkdtemp(join(tmpdir(), "leadline-snippet-"));
  await writeFile(join(dir, "receiver.mjs"), snippet);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/leadline`;
  child = spawn(process.execPath, [join(dir, "receiver.mjs")], { env: { PATH: process.env.PATH, NODE_ENV: "test", LEADLINE_WEBHOOK_SECRET: secret, PORT: String(port) }, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(url, { method: "POST", body: "{}" }).then(() => true, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the snippet's server did not start");
});

afterAll(async () => {
  child?.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ctx = { beforeRequest: async () => undefined };
const lead: CrmLeadRecord = {
  leadId: "lead1", externalKey: "lead1", externalId: null, version: 2,
  values: { name: "A", email: null, phone: null, handle: null, platform: "x", tier: "WARM", score: 40, reason: "", tags: [], status: "NEW", intent: null, inboxUrl: "http://app/inbox/c" },
};

describe("the documented receiver snippet", () => {
  it("accepts Leadline's signed delivery and answers per-lead results", async () => {
    const results = await createWebhookConnector().upsert({ connectionId: "c", accessToken: secret, metadata: { url } }, [lead], {}, ctx);
    expect(results).toEqual([{ leadId: "lead1", ok: true, externalId: "lead1", created: true }]);
  });

  it("refuses a wrong secret and a delivery signed 10 minutes ago", async () => {
    await expect(createWebhookConnector().upsert({ connectionId: "c", accessToken: "wrong", metadata: { url } }, [lead], {}, ctx)).rejects.toBeInstanceOf(CrmAuthError);
    const old = createWebhookConnector({ now: () => new Date(Date.now() - 10 * 60_000) });
    await expect(old.upsert({ connectionId: "c", accessToken: secret, metadata: { url } }, [lead], {}, ctx)).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("is quoted word for word in the README's Signed webhook section", async () => {
    const [doc = "", readme = ""] = await Promise.all(["docs/crm/webhook.md", "README.md"].map((f) => readFile(join(process.cwd(), f), "utf8")));
    const block = (text: string) => /```js\n([\s\S]*?)```/.exec(text)?.[1];
    const section = readme.slice(readme.indexOf("### Signed webhook"));
    expect(block(section)).toBeDefined();
    expect(block(section)).toBe(block(doc));
  });
});
