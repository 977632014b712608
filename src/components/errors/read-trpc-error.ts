import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export type FieldErrors = Record<string, string[] | undefined>;

export type ReadableError = {
  message: string;
  /** tRPC error code (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, ...); undefined when the server was not reached. */
  code: string | undefined;
  fieldErrors: FieldErrors;
};

const UNREACHABLE = "We couldn't reach Leadline. Check your connection and try again.";
const UNKNOWN = "Something went wrong. Please try again.";

/** Turns whatever a tRPC call threw into a message fit for people, plus per-field errors. */
export function readTrpcError(error: unknown): ReadableError {
  if (!isTRPCClientError<AppRouter>(error)) return { message: UNKNOWN, code: undefined, fieldErrors: {} };
  const data = error.data;
  // No error shape: the response never came from our API (network down, proxy page, crash).
  if (!data) return { message: UNREACHABLE, code: undefined, fieldErrors: {} };
  const fieldErrors: FieldErrors = data.fieldErrors ?? {};
  const hasFieldErrors = Object.values(fieldErrors).some((list) => list && list.length > 0);
  return { message: hasFieldErrors ? "Check the highlighted fields." : error.message, code: data.code, fieldErrors };
}

export function firstFieldError(fieldErrors: FieldErrors, field: string): string | undefined {
  return fieldErrors[field]?.[0];
}
