import { AppError } from "../../infra/errors/app-error";
import { logger } from "../../infra/logger";
import { TokenRefreshUnavailableError } from "../../channels/tokens/token-errors";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";

/** Longest CRM message passed on to the page; connectors word them with call names and codes only. */
const MAX_DETAIL = 300;

/**
 * A connector's typed error as the admin reads it. The connector's own message follows our
 * wording (it names the call and the CRM's code, never a token), with any secret the caller
 * knows cut out all the same. Anything untyped is logged by class and becomes a generic error.
 */
export function crmCallError(error: unknown, crmLabel: string, secrets: readonly (string | null | undefined)[] = []): AppError {
  const detail = error instanceof Error ? redact(error.message, secrets).slice(0, MAX_DETAIL) : "";
  const withDetail = (text: string) => (detail ? `${text} (${detail})` : text);
  if (error instanceof CrmAuthError) return new AppError("BAD_REQUEST", withDetail(`${crmLabel} refused the credentials. Check them, or reconnect.`), { crmError: "auth" });
  if (error instanceof CrmRateLimitedError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return new AppError("RATE_LIMITED", `${crmLabel} is rate-limiting this account${error.scope === "daily" ? " for today" : ""}. Try again in ${seconds} s.`, { crmError: "rate_limited", retryAfterSeconds: seconds });
  }
  if (error instanceof CrmConfigError) return new AppError("BAD_REQUEST", withDetail(`${crmLabel} does not accept this set-up`), { crmError: "config" });
  // BAD_REQUEST, not UNAVAILABLE: tRPC hides the message of a 5xx, and the admin needs it.
  if (error instanceof CrmUnavailableError) return new AppError("BAD_REQUEST", withDetail(`${crmLabel} did not answer. Try again in a moment.`), { crmError: "unavailable" });
  if (error instanceof TokenRefreshUnavailableError) return new AppError("BAD_REQUEST", `${crmLabel} could not refresh its access right now. Try again in a moment.`, { crmError: "unavailable" });
  if (error instanceof AppError) return error;
  logger.warn({ crm: crmLabel, err: { type: error instanceof Error ? error.name : typeof error } }, "crm call failed");
  return new AppError("BAD_REQUEST", `${crmLabel} could not be reached. Try again in a moment.`, { crmError: "unknown" });
}

function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}
