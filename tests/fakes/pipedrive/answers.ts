/**
 * Pipedrive's answer envelopes (docs/crm/pipedrive.md, "Errors"): every body carries `success`;
 * errors add `error` and `error_info` with `data: null` (pipedrive.readme.io/docs/
 * core-api-concepts-responses). 401 and 429 wordings are the ones the OAuth/API status-code page
 * lists ("unauthorized access" / "Invalid token: access_token is invalid", "Request over limit").
 */
export interface PdAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const ERROR_INFO = "Please check developers.pipedrive.com for more information about Pipedrive API.";

export const ok = (data: unknown, additional_data: unknown = null, status = 200): PdAnswer => ({ status, body: { success: true, data, additional_data } });

export function failure(status: number, error: string, extra: Record<string, unknown> = {}): PdAnswer {
  return { status, body: { success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra } };
}

export const unauthorized = (oauth: boolean) => failure(401, oauth ? "Invalid token: access_token is invalid" : "unauthorized access", { errorCode: 401 });
export const overLimit = () => failure(429, "Request over limit", { errorCode: 429 });
export const notFound = (what: string) => failure(404, `${what} not found`);
export const badRequest = (message: string) => failure(400, message);
export const serverError = (status = 500) => failure(status, status === 503 ? "Service Unavailable" : "Internal Server Error");
export const scopeMismatch = () => failure(403, "Scope and URL mismatch");

/** OAuth server errors (oauth.pipedrive.com): the messages of its status-code table. */
export const oauthError = (status: number, error: string, message: string): PdAnswer => ({ status, body: { success: false, error, message } });
