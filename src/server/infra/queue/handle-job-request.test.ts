import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { signQStashJwt } from "../../../../tests/fakes/qstash/sign-jwt";
import { createJobRegistry, defineJob, PermanentJobError } from "@/server/infra/queue/define-job";
import {
  createJobReceiver,
  handleJobRequest,
  type HandleJobRequestInput,
  type JobResponse,
} from "@/server/infra/queue/handle-job-request";
import { recordHooks, type RecordedHooks } from "@/../tests/helpers/queue/record-hooks";

const keys = { currentSigningKey: "sig_current_test_key", nextSigningKey: "sig_next_test_key" };
const url = "https://app.example.test/api/jobs/process-message";
const log = pino({ level: "silent" });

const runs: Array<{ payload: unknown; attempt: number; jobId: string }> = [];
let behaviour: "ok" | "transient" | "permanent" = "ok";
const registry = createJobRegistry([
  defineJob({
    name: "process-message",
    schema: z.object({ messageId: z.string() }),
    retry: { limit: 2, backoffSeconds: 1 },
    handler: async (payload, ctx) => {
      runs.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId });
      if (behaviour === "transient") throw new Error("LLM provider 529");
      if (behaviour === "permanent") throw new PermanentJobError("message not found");
    },
  }),
]);

let hooks: RecordedHooks;
beforeEach(() => {
  runs.length = 0;
  behaviour = "ok";
  hooks = recordHooks();
});

function request(overrides: Partial<HandleJobRequestInput> & { retried?: string } = {}): Promise<JobResponse> {
  const rawBody = overrides.rawBody ?? JSON.stringify({ payload: { messageId: "m1" }, maxRetries: 2 });
  const headers = new Headers({ "Upstash-Message-Id": "msg_123", "Upstash-Retried": overrides.retried ?? "0" });
  return handleJobRequest({
    registry,
    name: "process-message",
    rawBody,
    signature: signQStashJwt({ signingKey: keys.currentSigningKey, url, body: rawBody }),
    url,
    receiver: createJobReceiver(keys),
    hooks,
    headers,
    log,
    ...overrides,
  });
}

describe("handleJobRequest", () => {
  it("runs a correctly signed job and answers 200", async () => {
    const response = await request();
    expect(response).toEqual({ status: 200, body: { ok: true } });
    expect(runs).toEqual([{ payload: { messageId: "m1" }, attempt: 1, jobId: "msg_123" }]);
  });

  it("accepts a token signed with the next signing key (key rotation)", async () => {
    const rawBody = JSON.stringify({ payload: { messageId: "m1" } });
    const signature = signQStashJwt({ signingKey: keys.nextSigningKey, url, body: rawBody });
    expect((await request({ rawBody, signature })).status).toBe(200);
  });

  it.each([
    ["missing", () => null],
    ["garbage", () => "not-a-jwt"],
    ["signed with another key", (body: string) => signQStashJwt({ signingKey: "sig_attacker", url, body })],
    ["signed for another URL", (body: string) => signQStashJwt({ signingKey: keys.currentSigningKey, url: `${url}-other`, body })],
    [
      "expired",
      (body: string) =>
        signQStashJwt({ signingKey: keys.currentSigningKey, url, body, nowSeconds: Math.floor(Date.now() / 1000) - 3_600 }),
    ],
  ])("answers 401 and runs nothing when the signature is %s", async (_label, sign) => {
    const rawBody = JSON.stringify({ payload: { messageId: "m1" } });
    const response = await request({ rawBody, signature: sign(rawBody) });
    expect(response.status).toBe(401);
    expect(runs).toEqual([]);
    expect(hooks.permanent).toEqual([]);
  });

  it("answers 401 for a tampered body (signature covers the raw bytes)", async () => {
    const original = JSON.stringify({ payload: { messageId: "m1" } });
    const signature = signQStashJwt({ signingKey: keys.currentSigningKey, url, body: original });
    const tampered = JSON.stringify({ payload: { messageId: "m2" } });
    expect((await request({ rawBody: tampered, signature })).status).toBe(401);
    // Re-serialised JSON with the same meaning is a different byte string, so also rejected.
    expect((await request({ rawBody: ` ${original}`, signature })).status).toBe(401);
    expect(runs).toEqual([]);
  });

  it("answers 404 for a signed request to an unknown job", async () => {
    const otherUrl = "https://app.example.test/api/jobs/no-such-job";
    const rawBody = JSON.stringify({ payload: {} });
    const response = await request({
      name: "no-such-job",
      url: otherUrl,
      rawBody,
      signature: signQStashJwt({ signingKey: keys.currentSigningKey, url: otherUrl, body: rawBody }),
    });
    expect(response).toEqual({ status: 404, body: { error: "unknown job" } });
  });

  it.each([
    ["not JSON", "{not json", "MalformedJobBody"],
    ["not an envelope", JSON.stringify(["payload"]), "InvalidJobEnvelope"],
    ["a payload failing the schema", JSON.stringify({ payload: { messageId: 7 } }), "InvalidJobPayload"],
  ])("answers 489 non-retryable and records the failure when the body is %s", async (_label, rawBody, errorName) => {
    const response = await request({
      rawBody,
      signature: signQStashJwt({ signingKey: keys.currentSigningKey, url, body: rawBody }),
    });
    expect(response.status).toBe(489);
    expect(response.headers).toEqual({ "Upstash-NonRetryable-Error": "true" });
    expect(runs).toEqual([]);
    expect(hooks.permanent).toHaveLength(1);
    expect(hooks.permanent[0]).toMatchObject({ name: "process-message", jobId: "msg_123", error: { name: errorName } });
  });

  it("answers 489 for a PermanentJobError", async () => {
    behaviour = "permanent";
    const response = await request();
    expect(response.status).toBe(489);
    expect(hooks.permanent[0]).toMatchObject({ error: { name: "PermanentJobError", message: "message not found" }, attempts: 1 });
  });

  it("answers 500 (retry) when the permanent-failure hook itself fails", async () => {
    behaviour = "permanent";
    hooks.onPermanentFailure = async () => {
      throw new Error("database down");
    };
    expect((await request()).status).toBe(500);
  });

  it("answers 500 for a transient error and takes the attempt from Upstash-Retried", async () => {
    behaviour = "transient";
    const response = await request({ retried: "1" });
    expect(response).toEqual({ status: 500, body: { error: "job failed", attempt: 2 } });
    expect(runs[0]?.attempt).toBe(2);
    expect(hooks.dead).toEqual([]);
  });

  it("calls onDeadLetter when the last delivery fails", async () => {
    behaviour = "transient";
    const response = await request({ retried: "2" }); // maxRetries 2 in the body: third delivery is the last
    expect(response.status).toBe(500);
    expect(hooks.dead).toEqual([
      {
        name: "process-message",
        payload: { messageId: "m1" },
        error: { name: "Error", message: "LLM provider 529" },
        jobId: "msg_123",
        attempts: 3,
      },
    ]);
  });

  it("refuses to build a receiver without both signing keys", () => {
    expect(() => createJobReceiver({ currentSigningKey: "a", nextSigningKey: "" })).toThrow(/both/);
  });
});
