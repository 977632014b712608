import { z } from "zod";
import { encrypt } from "../../infra/crypto/field-crypto";
import { AppError } from "../../infra/errors/app-error";
import { crmConnectorFor } from "../crm-registry";
import type { CrmActor } from "./crm-actor";
import { crmCallError } from "./crm-call-error";
import { uiCallContext } from "./crm-ui-call";
import { saveCrmConnection } from "./save-connection";

export const apiTokenInput = z.object({
  provider: z.literal("PIPEDRIVE"),
  // Pipedrive's personal tokens are 40 hex characters; the bound leaves room for other formats.
  token: z.string().trim().min(1, "Paste the API token").max(500).regex(/^[\x21-\x7e]+$/, "An API token has no spaces or special characters"),
});

/**
 * Connects a CRM by a pasted API token: the token is tried first (testConnection), and only a
 * token the CRM accepts is stored, encrypted, with the account it named as the label. A refused
 * or unreachable CRM stores nothing.
 */
export async function connectApiToken(actor: CrmActor, input: z.infer<typeof apiTokenInput>): Promise<{ connectionId: string; label: string; reconnected: boolean }> {
  const connector = crmConnectorFor(input.provider);
  if (connector.auth.kind !== "apiToken") throw new AppError("BAD_REQUEST", `${connector.label} does not connect with an API token.`);
  let account: string;
  try {
    ({ account } = await connector.testConnection({ connectionId: "new", accessToken: input.token, metadata: {} }, uiCallContext));
  } catch (error) {
    throw crmCallError(error, connector.label, [input.token]);
  }
  const saved = await actor.tenant((tx, outbox) =>
    saveCrmConnection(tx, outbox, actor, { provider: input.provider, label: account, metadata: {}, credentials: { method: "apiToken", credentialsEnc: encrypt(input.token) } }),
  );
  return { ...saved, label: account };
}
