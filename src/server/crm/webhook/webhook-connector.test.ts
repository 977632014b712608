import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, readBody, sendJson, type RunningServer } from "../../../../tests/fakes/shared/http";
import { startWebhookReceiver, type WebhookReceiver } from "../../../../tests/fakes/crm-webhook/receiver";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmLeadRecord } from "../crm-connector";
import { createWebhookConnector } from "./webhook-connector";
import { verifyLeadlineWebhook } from "./verify-signature";

const secret = "connector-test-secret-0123456789abcdef";
const ctx = { calls: 0, async beforeRequest() { this.calls += 1; } };
const connector = createWebhookConnector({ timeoutMs: 500 });

const record = (i: number, externalId: string | null = null): CrmLeadRecord => ({
  leadId: `lead${i}`, externalKey: `lead${i}`, externalId, version: 3,
  values: { name: `N${i}`, email: null, phone: null, handle: "@h", platform: "x", tier: "HOT", score: 80, reason: "r", tags: [], status: "NEW", intent: "sales", inboxUrl: "http://app/inbox/c1" },
});

/** A receiver answering whatever the test sets, recording what it got. */
let scripted: RunningServer;
let answer: { status: number; body?: unknown; headers?: Record<string, string>; raw?: string } = { status: 200 };
const got: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let receiver: WebhookReceiver;

beforeAll(async () => {
  scripted = await listen(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    got.push({ headers: req.headers, body });
    if (answer.raw !== undefined) return void res.writeHead(answer.status, answer.headers).end(answer.raw);
    sendJson(res, answer.status, answer.body ?? {}, answer.headers);
  });
  receiver = await startWebhookReceiver({ secret });
});
afterAll(async () => {
  await scripted.close();
  await receiver.close();
});

const creds = (url = `${scripted.url}/hook`) => ({ connectionId: "c1", accessToken: secret, metadata: { url } });
const upsert = (records = [record(1), record(2)]) => connector.upsert(creds(), records, connector.defaultMapping, ctx);

describe("webhook connector", () => {
  it("signs each POST with the recipe's headers and a delivery id that repeats for the same batch", async () => {
    answer = { status: 204, raw: "" };
    got.length = 0;
    const results = await upsert();
    expect(results).toEqual([
      { leadId: "lead1", ok: true, externalId: "lead1", created: true },
      { leadId: "lead2", ok: true, externalId: "lead2", created: true },
    ]);
    await upsert([record(2), record(1)]);
    const [a, b] = got;
    expect(a!.headers["leadline-delivery-id"]).toBe(b!.headers["leadline-delivery-id"]);
    expect(a!.headers["content-type"]).toBe("application/json");
    const verified = verifyLeadlineWebhook({ secret, timestamp: String(a!.headers["leadline-timestamp"]), signature: String(a!.headers["leadline-signature"]), rawBody: a!.body });
    expect(verified.ok).toBe(true);
    const body = JSON.parse(a!.body) as { type: string; deliveryId: string; leads: Array<{ key: string; fields: Record<string, unknown> }> };
    expect(body).toMatchObject({ type: "leads.upsert", deliveryId: a!.headers["leadline-delivery-id"] });
    expect(body.leads[0]).toMatchObject({ key: "lead1", version: 3, fields: { name: "N1", tier: "HOT", inboxUrl: "http://app/inbox/c1" } });
    // A new version is a new delivery.
    await upsert([{ ...record(1), version: 4 }, record(2)]);
    expect(got[2]!.headers["leadline-delivery-id"]).not.toBe(a!.headers["leadline-delivery-id"]);
  });

  it("maps the receiver's answers to typed errors", async () => {
    const cases: Array<[typeof answer, unknown, RegExp?]> = [
      [{ status: 401 }, CrmAuthError, /refused the signature \(401\)/],
      [{ status: 403 }, CrmAuthError],
      [{ status: 404 }, CrmConfigError, /no longer accepts/],
      [{ status: 410 }, CrmConfigError],
      [{ status: 302, headers: { location: "http://169.254.169.254/" }, raw: "" }, CrmConfigError, /redirects/],
      [{ status: 500 }, CrmUnavailableError, /answered 500/],
      [{ status: 503 }, CrmUnavailableError],
      [{ status: 408 }, CrmUnavailableError],
    ];
    for (const [a, type, message] of cases) {
      answer = a;
      const error = await upsert().then(() => null, (e: unknown) => e);
      expect(error, `status ${a.status}`).toBeInstanceOf(type as new () => Error);
      if (message) expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain("/hook");
    }
  });

  it("reads Retry-After in seconds or as a date on a 429", async () => {
    answer = { status: 429, headers: { "retry-after": "7" } };
    const seconds = await upsert().catch((e: unknown) => e);
    expect(seconds).toBeInstanceOf(CrmRateLimitedError);
    expect((seconds as CrmRateLimitedError).retryAfterMs).toBe(7_000);
    answer = { status: 429, headers: { "retry-after": new Date(Date.now() + 30_000).toUTCString() } };
    const date = (await upsert().catch((e: unknown) => e)) as CrmRateLimitedError;
    expect(date.retryAfterMs).toBeGreaterThan(25_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(31_000);
    answer = { status: 429 };
    expect(((await upsert().catch((e: unknown) => e)) as CrmRateLimitedError).retryAfterMs).toBe(60_000);
  });

  it("takes per-lead results, treats a lead left out as retryable, and refuses a malformed results list", async () => {
    answer = { status: 200, body: { results: [{ key: "lead1", ok: true, id: "crm-1", created: false }] } };
    expect(await upsert()).toEqual([
      { leadId: "lead1", ok: true, externalId: "crm-1", created: false },
      { leadId: "lead2", ok: false, reason: "The receiver's results did not include this lead.", retryable: true },
    ]);
    answer = { status: 200, body: { results: [{ key: "lead1", ok: false, reason: "duplicate email", retryable: true }, { key: "lead2", ok: false }] } };
    expect(await upsert()).toEqual([
      { leadId: "lead1", ok: false, reason: "duplicate email", retryable: true },
      { leadId: "lead2", ok: false, reason: "Rejected by the receiver.", retryable: false },
    ]);
    answer = { status: 200, body: { results: "all good" } };
    await expect(upsert()).rejects.toBeInstanceOf(CrmConfigError);
    answer = { status: 422, body: { error: "bad" } };
    expect(await upsert()).toEqual([
      { leadId: "lead1", ok: false, reason: "The receiver refused the batch (422).", retryable: false },
      { leadId: "lead2", ok: false, reason: "The receiver refused the batch (422).", retryable: false },
    ]);
    answer = { status: 200, raw: "OK" };
    expect((await upsert()).every((r) => r.ok)).toBe(true);
  });

  it("times out, refuses oversized batches, missing URL or secret, and bad mapping names", async () => {
    const silent = await listen(async () => new Promise(() => undefined));
    await expect(connector.upsert(creds(`${silent.url}/hook`), [record(1)], {}, ctx)).rejects.toThrow(/did not answer within 500 ms/);
    await silent.close();
    await expect(upsert(Array.from({ length: 101 }, (_, i) => record(i)))).rejects.toBeInstanceOf(CrmConfigError);
    await expect(connector.upsert({ connectionId: "c", accessToken: secret, metadata: {} }, [record(1)], {}, ctx)).rejects.toThrow(/no URL/);
    await expect(connector.upsert({ ...creds(), accessToken: "" }, [record(1)], {}, ctx)).rejects.toThrow(/no signing secret/);
    await expect(connector.upsert(creds("http://crm.example.com/hook"), [record(1)], {}, ctx)).rejects.toThrow(/https/);
    await expect(connector.prepare(creds(), { name: "full name" }, ctx)).rejects.toThrow(/mapped webhook field name/);
    await expect(connector.prepare(creds(), { name: "n", email: "n" }, ctx)).rejects.toThrow(/same webhook field name/);
    await expect(connector.prepare(creds(), { name: "contact.name", email: "email_address" }, ctx)).resolves.toBeUndefined();
    expect(await connector.upsert(creds(), [], {}, ctx)).toEqual([]);
  });

  it("pings the fake receiver (signature verified there) and sends notes as a signed leads.notes delivery", async () => {
    const before = ctx.calls;
    expect(await connector.testConnection(creds(receiver.url), ctx)).toEqual({ account: new URL(receiver.url).host });
    expect(receiver.calls.ping).toBe(1);
    const notes = await connector.attachNotes(creds(receiver.url), [{ leadId: "lead1", externalId: "lead1", summary: "HOT lead", lastMessages: [{ direction: "INBOUND", text: "hi", at: new Date(0) }] }], ctx);
    expect(notes).toEqual([{ leadId: "lead1", ok: true, externalId: "lead1", created: false }]);
    expect(receiver.notes.get("lead1")).toEqual({ summary: "HOT lead", lastMessages: [{ direction: "INBOUND", text: "hi", at: "1970-01-01T00:00:00.000Z" }] });
    expect(ctx.calls - before).toBe(2); // every request went through the pacer
    await expect(connector.testConnection({ ...creds(receiver.url), accessToken: "wrong" }, ctx)).rejects.toBeInstanceOf(CrmAuthError);
  });
});
