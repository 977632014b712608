import pino, { type Logger } from "pino";

let fallback: Logger | undefined;

/** The caller's logger, or one shared pino instance when none was wired in. */
export function queueLogger(log: Logger | undefined): Logger {
  if (log) return log;
  fallback ??= pino({ name: "queue" });
  return fallback;
}
