import pino from "pino";
import { redactLogRecord } from "./redact-log-record";
import { scrubSecrets } from "./scrub-secrets";

/**
 * Structured logs. Every record goes through `redactLogRecord` before it is written: values under
 * keys that may carry secrets or PII (password, token, email, name, text, body...) are redacted at
 * any depth, and errors anywhere in the record are serialised with emails, phone numbers, tokens
 * and authorization headers scrubbed from their messages and stacks. The message string is
 * scrubbed the same way. Callers still log ids (workspaceId, jobId, requestId), never message
 * text or tokens: this is the net under that rule, not a licence to log values.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): pino.Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
  const config: pino.LoggerOptions = {
    level,
    base: { app: "leadline" },
    formatters: { log: redactLogRecord },
    // Errors were serialised (and scrubbed) by `redactLogRecord`; pino's own serializer would only
    // re-wrap the plain object it gets.
    serializers: { err: (value: unknown) => value },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        // logger.error(err) / logger.error(err, "msg"): pino would take the raw error message as the msg.
        if (first instanceof Error) {
          const msg = typeof rest[0] === "string" ? rest[0] : first.message;
          return method.apply(this, [{ err: first }, scrubSecrets(msg), ...rest.slice(1)] as Parameters<typeof method>);
        }
        const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

export const logger = createLogger();

export type Logger = pino.Logger;
