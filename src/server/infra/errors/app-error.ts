/**
 * The one error type of the app. Services throw it; transports translate it with
 * `toHttpStatus` / `toTrpcCode` so clients always see the same shape: { code, message }.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { http: 400, trpc: "BAD_REQUEST" },
  UNAUTHENTICATED: { http: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { http: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND" },
  CONFLICT: { http: 409, trpc: "CONFLICT" },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: "PAYLOAD_TOO_LARGE" },
  RATE_LIMITED: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  UNAVAILABLE: { http: 503, trpc: "INTERNAL_SERVER_ERROR" },
  INTERNAL: { http: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function toHttpStatus(code: ErrorCode): number {
  return ERROR_CODES[code].http;
}

export function toTrpcCode(code: ErrorCode) {
  return ERROR_CODES[code].trpc;
}

/** The JSON body every route handler answers an error with. */
export function errorBody(error: AppError): { error: { code: ErrorCode; message: string } } {
  return { error: { code: error.code, message: error.message } };
}
