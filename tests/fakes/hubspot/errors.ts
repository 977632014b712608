/**
 * HubSpot's error bodies as the API sends them (docs/crm/hubspot.md#errors): `{status:"error",
 * message, correlationId, category, ...}`; 429s carry `errorType:"RATE_LIMIT"` and `policyName`.
 */
import { randomUUID } from "node:crypto";

export interface HubSpotAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const correlationId = () => randomUUID();

export const errorBody = (category: string, message: string, extra: Record<string, unknown> = {}) => ({ status: "error", message, correlationId: correlationId(), category, ...extra });

export const invalidAuthentication = (): HubSpotAnswer => ({
  status: 401,
  body: errorBody("INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"),
});

export const expiredAuthentication = (minutesAgo: number): HubSpotAnswer => ({
  status: 401,
  body: errorBody("EXPIRED_AUTHENTICATION", `The OAuth token used to make this call expired ${minutesAgo} minute(s) ago.`),
});

export const missingScopes = (scopes: string[]): HubSpotAnswer => ({
  status: 403,
  body: errorBody("MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", { errors: [{ message: "One or more of the following scopes are required.", context: { requiredGranularScopes: scopes } }] }),
});

export const rateLimited = (policy: "TEN_SECONDLY_ROLLING" | "DAILY" | "SECONDLY", headers: Record<string, string> = {}): HubSpotAnswer => ({
  status: 429,
  body: {
    status: "error",
    message: policy === "DAILY" ? "You have reached your daily limit." : `You have reached your ${policy.toLowerCase()} limit.`,
    errorType: "RATE_LIMIT",
    correlationId: correlationId(),
    policyName: policy,
    requestId: randomUUID(),
  },
  headers,
});

export const serverError = (status = 500): HubSpotAnswer => ({ status, body: errorBody("INTERNAL_ERROR", "internal error") });

export const validation = (message: string, errors: unknown[] = [], extra: Record<string, unknown> = {}): HubSpotAnswer => ({
  status: 400,
  body: errorBody("VALIDATION_ERROR", message, { ...(errors.length ? { errors } : {}), ...extra }),
});

export const conflict = (message: string): HubSpotAnswer => ({ status: 409, body: errorBody("OBJECT_ALREADY_EXISTS", message) });

export const notFound = (): HubSpotAnswer => ({ status: 404, body: errorBody("OBJECT_NOT_FOUND", "resource not found") });
