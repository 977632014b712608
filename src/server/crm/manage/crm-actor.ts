import type { Actor } from "../../access/resolve-actor";

/** Who acts on the Settings -> CRM page: the resolved actor of a tRPC procedure or an OAuth route. */
export type CrmActor = Pick<Actor, "userId" | "workspaceId" | "role" | "tenant">;

/** The OAuth routes resolve an admin; their role is known without a field. */
export type CrmConnectActor = Pick<Actor, "userId" | "workspaceId" | "tenant">;
