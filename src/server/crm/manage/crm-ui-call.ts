import type { CrmCallContext } from "../crm-connector";

/**
 * The call context for the few calls an admin makes by hand (test, fields, mapping check,
 * connect). They are not paced: one request each, far below any CRM's limit, and a sync run
 * counts its own calls through the engine's context.
 */
export const uiCallContext: CrmCallContext = { beforeRequest: async () => undefined };
