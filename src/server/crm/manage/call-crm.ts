import { CrmAuthError, type CrmConnector, type CrmCredentials } from "../crm-connector";
import { crmConnectorFor } from "../crm-registry";
import { getCrmCredentials } from "../tokens/get-crm-credentials";
import { markCrmNeedsReauth } from "../tokens/crm-token-store";
import type { CrmActor } from "./crm-actor";
import { crmCallError } from "./crm-call-error";
import { loadConnection, type LoadedConnection } from "./load-connection";

export type CrmCall<T> = (connector: CrmConnector, creds: CrmCredentials, connection: LoadedConnection) => Promise<T>;

/**
 * One call an admin makes to a connected CRM (test, field list, mapping check): the connection
 * is read in this workspace, its credentials come from the token manager (refreshed when due),
 * and a failure becomes a clear AppError with no secret in it. Credentials the CRM refuses mark
 * the connection NEEDS_REAUTH, as a sync run would, so the page offers Reconnect.
 */
export async function callCrm<T>(actor: CrmActor, connectionId: string, call: CrmCall<T>): Promise<T> {
  const connection = await actor.tenant((tx) => loadConnection(tx, actor.workspaceId, connectionId));
  const connector = crmConnectorFor(connection.provider);
  let creds: CrmCredentials | null = null;
  try {
    creds = await getCrmCredentials(actor.workspaceId, connection.id);
    return await call(connector, creds, connection);
  } catch (error) {
    if (error instanceof CrmAuthError) await markNeedsReauth(actor, connection.id);
    throw crmCallError(error, connector.label, [creds?.accessToken]);
  }
}

async function markNeedsReauth(actor: CrmActor, connectionId: string): Promise<void> {
  await actor.tenant((tx, outbox) => markCrmNeedsReauth(tx, outbox, actor.workspaceId, connectionId, "refused_on_admin_call"));
}
