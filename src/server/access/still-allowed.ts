import "server-only";
import { AppError } from "../infra/errors/app-error";
import { resolveActor } from "./resolve-actor";

/**
 * For long-lived responses (server-sent events): whether the request's session may still see
 * `workspaceId`: false once the user's sessions were revoked or their membership removed. A
 * failure that says nothing about access (the database away) throws, so the caller can keep
 * going and ask again later.
 */
export function stillAllowed(headers: Headers, workspaceId: string): () => Promise<boolean> {
  return () =>
    resolveActor({ headers }, { minRole: "VIEWER", rateLimit: false }).then(
      (actor) => actor.workspaceId === workspaceId,
      (error: unknown) => {
        if (error instanceof AppError && error.code !== "UNAVAILABLE" && error.code !== "INTERNAL") return false;
        throw error;
      },
    );
}
