/**
 * Salesforce's answers as the fake sends them. REST errors are an array of
 * `{ message, errorCode }` (fields when relevant); the OAuth endpoints speak RFC 6749
 * `{ error, error_description }`. Bodies seen in Salesforce's docs and public clients
 * (docs/crm/salesforce.md, "Errors").
 */
export interface SfAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const restError = (status: number, errorCode: string, message: string, fields?: string[]): SfAnswer => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});

export const invalidSession = () => restError(401, "INVALID_SESSION_ID", "Session expired or invalid");
export const dailyLimitExceeded = () => restError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
export const concurrentLimitExceeded = () => restError(403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.");
export const serverError = (status = 500) =>
  status === 503 ? restError(503, "SERVER_UNAVAILABLE", "Server Unavailable") : restError(status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)");
export const notFound = () => restError(404, "NOT_FOUND", "The requested resource does not exist");
export const malformedQuery = (detail: string) => restError(400, "MALFORMED_QUERY", `fake SOQL: ${detail}`);
export const noSuchColumn = (name: string, sobject: string) => restError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${sobject}`);

export const oauthError = (status: number, error: string, description: string): SfAnswer => ({ status, body: { error, error_description: description } });
export const invalidGrant = (description = "authentication failure") => oauthError(400, "invalid_grant", description);
export const invalidClient = () => oauthError(400, "invalid_client", "invalid client credentials");

/** One record's failure inside an sObject Collections answer. */
export const recordError = (statusCode: string, message: string, fields: string[] = []) => ({ statusCode, message, fields });
