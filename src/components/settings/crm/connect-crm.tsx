"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { CRM_OAUTH_ENV_VARS } from "./crm-labels";
import type { CrmProviderOption } from "./crm-types";

/** Admins only: a way to connect each CRM that is not connected yet (OAuth button, API token form, webhook URL form). */
export function ConnectCrm({ providers }: { providers: readonly CrmProviderOption[] }) {
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card title="Connect a CRM" description="Leads are sent in batches, each one once (updated, never duplicated), with the conversation attached as a note.">
      {secret ? <WebhookSecret secret={secret} onDone={() => setSecret(null)} /> : null}
      {providers.length === 0 ? <p className="text-sm text-slate-600">Every CRM this server supports is connected.</p> : null}
      <ul className="divide-y divide-slate-100">
        {providers.map((p) => (
          <li key={p.provider} className="space-y-3 py-4 first:pt-0 last:pb-0">
            <h3 className="text-sm font-semibold text-slate-900">{p.label}</h3>
            <div className="flex flex-col gap-4 lg:flex-row lg:items-start">
              {p.oauth ? <OAuthConnect provider={p} /> : null}
              {p.apiToken ? <ApiTokenForm provider={p} /> : null}
              {p.webhook ? <WebhookForm onSecret={setSecret} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function OAuthConnect({ provider }: { provider: CrmProviderOption }) {
  const oauth = provider.oauth;
  if (!oauth) return null;
  const hintId = `crm-${provider.provider}-oauth-hint`;
  const vars = CRM_OAUTH_ENV_VARS[provider.provider] ?? [];
  return oauth.configured ? (
    // A plain <a>: the start route redirects to the CRM's consent page, off this app.
    <a href={oauth.startUrl} className={buttonClasses("primary", "md", "w-full sm:w-auto")}>Connect {provider.label}</a>
  ) : (
    <div className="space-y-1.5">
      <Button variant="secondary" disabled aria-describedby={hintId}>Connect {provider.label}</Button>
      <p id={hintId} className="text-xs text-slate-500">
        Not set up on this server: set {vars.map((v, i) => <span key={v}>{i > 0 ? " and " : ""}<code className="font-mono text-slate-700">{v}</code></span>)} (README, “CRM sync”).
      </p>
    </div>
  );
}

export function ApiTokenForm({ provider }: { provider: CrmProviderOption }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [token, setToken] = useState("");
  const connect = useMutation(
    trpc.crm.connectApiToken.mutationOptions({
      onSuccess: async () => {
        setToken("");
        await queryClient.invalidateQueries(trpc.crm.list.queryFilter());
      },
    }),
  );
  const failure = connect.error ? readTrpcError(connect.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (provider.provider !== "PIPEDRIVE") return;
    connect.mutate({ provider: provider.provider, token });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Connect ${provider.label} with an API token`} className="min-w-0 flex-1 space-y-3">
      <TextField
        label={`${provider.label} API token`}
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={token}
        onChange={(e) => {
          connect.reset();
          setToken(e.target.value);
        }}
        hint={provider.apiToken?.hint}
        error={failure ? (firstFieldError(failure.fieldErrors, "token") ?? failure.message) : undefined}
      />
      <Button type="submit" variant="secondary" pending={connect.isPending} disabled={token.trim() === ""}>Check and connect</Button>
      {connect.isSuccess ? <p role="status" className="text-sm font-medium text-emerald-700">Connected to {connect.data.label}.</p> : null}
    </form>
  );
}

export function WebhookForm({ onSecret, initialUrl = "" }: { onSecret: (secret: string) => void; initialUrl?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(initialUrl);
  const connect = useMutation(
    trpc.crm.connectWebhook.mutationOptions({
      onSuccess: async (result) => {
        setUrl("");
        onSecret(result.secret);
        await queryClient.invalidateQueries(trpc.crm.list.queryFilter());
      },
    }),
  );
  const failure = connect.error ? readTrpcError(connect.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    connect.mutate({ url });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Connect a signed webhook" className="min-w-0 flex-1 space-y-3">
      <TextField
        label="Webhook URL"
        name="url"
        type="url"
        inputMode="url"
        placeholder="https://example.com/leadline"
        value={url}
        onChange={(e) => {
          connect.reset();
          setUrl(e.target.value);
        }}
        hint="Leadline POSTs JSON batches here, signed with HMAC-SHA256 (README, “Signed webhook”)."
        error={failure ? (firstFieldError(failure.fieldErrors, "url") ?? failure.message) : undefined}
      />
      <Button type="submit" variant="secondary" pending={connect.isPending} disabled={url.trim() === ""}>Connect webhook</Button>
    </form>
  );
}

/** Shown once, right after connecting: the server never returns the secret again. */
export function WebhookSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <Notice tone="warning" title="Copy the signing secret now" className="mb-4">
      <p>Your receiver verifies each delivery with it. It is shown only this once; connecting again makes a new one.</p>
      <div className="mt-3 max-w-xl">
        <CopyField label="Signing secret" value={secret} hint="Keep it on your server only. The first delivery waits 10 minutes, or press Test when your receiver is ready." />
      </div>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>I have stored it</Button>
    </Notice>
  );
}
