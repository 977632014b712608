import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { defineJob, PermanentJobError, type JobContext } from "@/server/infra/queue/define-job";
import { runJob } from "@/server/infra/queue/run-job";

const log = pino({ level: "silent" });
const schema = z.object({ text: z.string().trim(), count: z.number().int() });

function jobWith(handler: (payload: z.output<typeof schema>, ctx: JobContext) => Promise<void>, timeoutSeconds = 5) {
  return defineJob({ name: "t", schema, handler, timeoutSeconds });
}

describe("runJob", () => {
  it("passes the parsed payload and the context to the handler", async () => {
    const seen: unknown[] = [];
    const definition = jobWith(async (payload, ctx) => {
      seen.push(payload, ctx.jobId, ctx.attempt, ctx.signal.aborted);
    });
    const outcome = await runJob({ definition, payload: { text: "  hi ", count: 2 }, jobId: "j1", attempt: 3, log });
    expect(outcome).toEqual({ status: "succeeded" });
    expect(seen).toEqual([{ text: "hi", count: 2 }, "j1", 3, false]);
  });

  it("treats a schema failure as permanent without calling the handler, and keeps values out of the message", async () => {
    let called = false;
    const definition = jobWith(async () => {
      called = true;
    });
    const outcome = await runJob({ definition, payload: { text: "secret@example.com", count: "x" }, jobId: "j", attempt: 1, log });
    expect(called).toBe(false);
    expect(outcome.status).toBe("permanent-failure");
    if (outcome.status !== "permanent-failure") return;
    expect(outcome.error.name).toBe("InvalidJobPayload");
    expect(outcome.error.message).toMatch(/count: Invalid input/);
    expect(outcome.error.message).not.toContain("secret@example.com");
  });

  it("classifies PermanentJobError as permanent and other errors as transient", async () => {
    const permanent = await runJob({
      definition: jobWith(async () => {
        throw new PermanentJobError("message 42 does not exist");
      }),
      payload: { text: "a", count: 1 },
      jobId: "j",
      attempt: 1,
      log,
    });
    expect(permanent).toEqual({
      status: "permanent-failure",
      error: { name: "PermanentJobError", message: "message 42 does not exist" },
    });

    const transient = await runJob({
      definition: jobWith(async () => {
        throw new Error("ECONNRESET");
      }),
      payload: { text: "a", count: 1 },
      jobId: "j",
      attempt: 1,
      log,
    });
    expect(transient).toEqual({ status: "transient-failure", error: { name: "Error", message: "ECONNRESET" } });
  });

  it("times a handler out as a transient failure and aborts its signal", async () => {
    let signal: AbortSignal | undefined;
    const definition = jobWith(async (_payload, ctx) => {
      signal = ctx.signal;
      await new Promise(() => {}); // never settles
    }, 1);
    const started = Date.now();
    const outcome = await runJob({ definition, payload: { text: "a", count: 1 }, jobId: "j", attempt: 1, log });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(outcome).toMatchObject({ status: "transient-failure", error: { name: "JobTimeoutError" } });
    expect(signal?.aborted).toBe(true);
  });

  it("catches a handler that throws synchronously", async () => {
    const definition = defineJob({
      name: "sync",
      schema: z.object({}),
      handler: (() => {
        throw new Error("sync boom");
      }) as () => Promise<void>,
    });
    const outcome = await runJob({ definition, payload: {}, jobId: "j", attempt: 1, log });
    expect(outcome).toEqual({ status: "transient-failure", error: { name: "Error", message: "sync boom" } });
  });
});
