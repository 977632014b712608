import { logger } from "../logger";
import { AppError, errorBody, toHttpStatus } from "./app-error";

/** Translates anything thrown in a route handler into the app's error shape; never a stack. */
export function httpErrorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  if (error instanceof AppError) {
    return Response.json(errorBody(error), { status: toHttpStatus(error.code) });
  }
  logger.error({ ...context, err: error instanceof Error ? { type: error.name, message: error.message } : String(error) }, "unhandled error");
  return Response.json({ error: { code: "INTERNAL", message: "Something went wrong. Please try again." } }, { status: 500 });
}
