import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

/** A logger at info whose lines are collected, as they would be written. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = createLogger({ level: "info", destination });
  return { logger, output: () => lines.join("") };
}

const EMAIL = "jane.doe@example.com";
const PHONE = "+33 6 12 34 56 78";
const TOKEN = "EAAGm0PX4ZCpsBAKZCZBqL9xkR7ZC2vJ8wQZD";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c2VyXzEyMyJ9.c2lnbmF0dXJlLXZhbHVl";
const OPAQUE = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4";

describe("logger redaction", () => {
  it("redacts sensitive keys at any depth, not just two levels down", () => {
    const { logger, output } = capture();
    logger.info({ workspaceId: "ws_1", job: { payload: { channel: { credentials: { accessToken: TOKEN, refresh_token: "r-secret-value" } } } }, deep: { a: { b: { c: { d: { email: EMAIL } } } } } }, "nested");
    const line = output();
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain("r-secret-value");
    expect(line).not.toContain(EMAIL);
    expect(line).toContain('"workspaceId":"ws_1"');
    expect(line).toContain("[redacted]");
  });

  it("scrubs emails, phone numbers, tokens and bearer headers from error messages, stacks and causes", () => {
    const { logger, output } = capture();
    const cause = new Error(`upstream said: Authorization: Bearer ${OPAQUE}`);
    const error = new Error(`could not send to ${EMAIL} (${PHONE}) with token ${JWT}`, { cause });
    logger.error({ workspaceId: "ws_1", err: error }, "send failed");
    logger.warn({ context: { attempt: { error: { message: `refresh failed for access_token=${TOKEN}` } } } }, "nested error-like");
    const line = output();
    for (const secret of [EMAIL, PHONE, JWT, OPAQUE, TOKEN]) expect(line).not.toContain(secret);
    expect(line).toContain("could not send to [redacted]");
    expect(line).toContain('"type":"Error"');
    expect(line).toContain("send failed");
  });

  it("scrubs an error logged as the first argument, whose message pino would use as the msg", () => {
    const { logger, output } = capture();
    logger.error(new Error(`login failed for ${EMAIL}`));
    logger.error(new Error(`postgres://leadline:s3cr3t-pw@db.internal:5432/app refused`), "db down");
    const line = output();
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain("s3cr3t-pw");
    expect(line).toContain("login failed for [redacted]");
    expect(line).toContain('"msg":"db down"');
  });

  it("keeps ids, counts and ordinary words, and survives cycles", () => {
    const { logger, output } = capture();
    const loop: Record<string, unknown> = { workspaceId: "ws_0123456789abcdef01234567" };
    loop.self = loop;
    logger.info({ loop, stored: 3, tokensIn: 120, at: "2026-11-30T12:00:00.000Z" }, "batch stored");
    const record = JSON.parse(output()) as Record<string, unknown>;
    expect(record).toMatchObject({ stored: 3, tokensIn: 120, at: "2026-11-30T12:00:00.000Z", msg: "batch stored", loop: { workspaceId: "ws_0123456789abcdef01234567", self: "[circular]" } });
  });
});
