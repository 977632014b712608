import type { Prisma } from "@/generated/prisma/client";
import { db } from "./client";

export type Tx = Prisma.TransactionClient;
export type TenantScope = { workspaceId: string; userId?: string | null };

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Runs `fn` in a transaction whose row-level-security tenant is `workspaceId`. Every query
 * inside sees and writes only that workspace's rows, whatever the code asks for.
 */
export async function withTenant<T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.workspace_id', ${scope.workspaceId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true)`;
    return fn(tx);
  }, TX_OPTIONS);
}

/** A transaction that knows the signed-in user but no workspace: lists their memberships. */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.workspace_id', '', true), set_config('app.user_id', ${userId}, true)`;
    return fn(tx);
  }, TX_OPTIONS);
}
