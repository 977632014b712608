import pino from "pino";

/**
 * Structured logs. Keys that may carry secrets or PII are redacted wherever they appear;
 * callers log ids (workspaceId, jobId, requestId), never message text or tokens.
 */
const REDACT = [
  "password", "passwordHash", "token", "accessToken", "refreshToken", "secret", "apiKey",
  "authorization", "cookie", "email", "phone", "name", "handle", "text", "body",
].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "leadline" },
  redact: { paths: REDACT, censor: "[redacted]" },
});

export type Logger = pino.Logger;
