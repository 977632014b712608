import type { Actor } from "../../access/resolve-actor";

/** Who runs a connect step: the resolved actor of a route handler or a tRPC procedure. */
export type ConnectActor = Pick<Actor, "userId" | "workspaceId" | "tenant">;
