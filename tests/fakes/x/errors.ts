/**
 * X API v2 error bodies (RFC 7807-style problems). 401 and 429 are what the API sends verbatim
 * (`{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`);
 * the 403 reply-restriction detail is the one X returns since the 2026-02-23 reply rule.
 */
export interface XAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const problem = (status: number, title: string, detail: string): XAnswer => ({ status, body: { title, type: "about:blank", status, detail } });

export const unauthorized = () => problem(401, "Unauthorized", "Unauthorized");
export const tooManyRequests = () => problem(429, "Too Many Requests", "Too Many Requests");
export const forbidden = (detail: string) => problem(403, "Forbidden", detail);
export const serverError = (status = 500) => problem(status, status === 503 ? "Service Unavailable" : "Internal Server Error", "Internal Server Error");
export const notFound = () => problem(404, "Not Found Error", "Could not find the requested resource.");

export function invalidRequest(message: string, parameters: Record<string, string[]> = {}): XAnswer {
  return {
    status: 400,
    body: {
      errors: [{ parameters, message }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
    },
  };
}

export const REPLY_NOT_ALLOWED =
  "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.";
export const REPLY_TARGET_MISSING = "You attempted to reply to a Tweet that is deleted or not visible to you.";
export const DUPLICATE_CONTENT = "You are not allowed to create a Tweet with duplicate content.";

/** The OAuth 2.0 token endpoint speaks RFC 6749 errors instead. */
export const invalidGrant = (): XAnswer => ({ status: 400, body: { error: "invalid_request", error_description: "Value passed for the token was invalid." } });
export const missingParameter = (name: string): XAnswer => ({ status: 400, body: { error: "invalid_request", error_description: `Missing required parameter [${name}].` } });
export const unauthorizedClient = (): XAnswer => ({ status: 401, body: { error: "unauthorized_client", error_description: "Missing valid authorization header" } });
