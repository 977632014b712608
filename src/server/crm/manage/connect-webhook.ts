import { randomBytes } from "node:crypto";
import { encrypt } from "../../infra/crypto/field-crypto";
import { env } from "../../infra/env/load-env";
import { AppError } from "../../infra/errors/app-error";
import { CrmConfigError } from "../crm-connector";
import { checkWebhookUrl } from "../webhook/webhook-target";
import type { CrmActor } from "./crm-actor";
import { crmCallError } from "./crm-call-error";
import { saveCrmConnection } from "./save-connection";

/** How long a new webhook waits for its first scheduled delivery: time to put the secret into the receiver. */
export const WEBHOOK_FIRST_SYNC_DELAY_MS = 10 * 60_000;

/** A fresh signing secret: 32 random bytes, prefixed so it is recognisable in the customer's config. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/**
 * Connects (or re-points) the signed webhook. The URL passes the same check as every delivery
 * (https and a public address in production: the connector's `checkWebhookUrl`); a new secret
 * is generated, stored encrypted and returned this once for the admin to copy into their
 * receiver. It is never shown again; connecting again rotates it. Nothing is posted now: the
 * receiver needs the secret first, so the first scheduled delivery waits 10 minutes and the
 * admin can press Test (or Sync now) as soon as the receiver is ready.
 */
export async function connectWebhook(
  actor: CrmActor,
  input: { url: string },
  opts: { production?: boolean } = {},
): Promise<{ connectionId: string; secret: string; reconnected: boolean }> {
  let url: URL;
  try {
    url = await checkWebhookUrl(input.url, { production: opts.production ?? env().NODE_ENV === "production" });
  } catch (error) {
    if (error instanceof CrmConfigError) throw new AppError("BAD_REQUEST", error.message, { crmError: "config" });
    throw crmCallError(error, "The webhook");
  }
  const secret = newWebhookSecret();
  const saved = await actor.tenant((tx, outbox) =>
    saveCrmConnection(tx, outbox, actor, {
      provider: "WEBHOOK",
      label: url.host,
      metadata: { url: url.toString() },
      credentials: { method: "webhook", credentialsEnc: encrypt(secret) },
      firstSyncAt: new Date(Date.now() + WEBHOOK_FIRST_SYNC_DELAY_MS),
    }),
  );
  return { ...saved, secret };
}
