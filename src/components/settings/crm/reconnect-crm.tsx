"use client";

import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { ApiTokenForm, WebhookForm, WebhookSecret } from "./connect-crm";
import type { CrmConnection, CrmProviderOption } from "./crm-types";

/**
 * Admins: how to give a connection its access back. OAuth CRMs go through their consent page
 * again (the connection, its mapping and waiting leads are kept); a token CRM takes a new
 * token; the webhook gets a new secret.
 */
export function ReconnectCrm({ connection, provider }: { connection: CrmConnection; provider: CrmProviderOption | undefined }) {
  const [secret, setSecret] = useState<string | null>(null);
  if (!provider) return null;
  return (
    <div className="mt-3 space-y-3">
      {provider.oauth?.configured ? (
        // A plain <a>: the start route redirects to the CRM's consent page.
        <a href={provider.oauth.startUrl} className={buttonClasses("secondary", "sm")}>Reconnect {provider.label}</a>
      ) : null}
      {provider.apiToken ? <ApiTokenForm provider={provider} /> : null}
      {provider.webhook ? (
        secret ? <WebhookSecret secret={secret} onDone={() => setSecret(null)} /> : <WebhookForm onSecret={setSecret} initialUrl={connection.webhookUrl ?? ""} />
      ) : null}
    </div>
  );
}
