"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { useTRPC } from "@/lib/trpc/client";
import { initialSelection, toggleSelection } from "./account-selection";
import { formatHandle } from "./channel-labels";
import type { PendingFlow } from "./channel-types";

type Props = { flowId: string; onConnected: (connected: number) => void; onCancel: () => void };

/**
 * After the platform's consent: the Pages / accounts it offered, as checkboxes (ones this
 * workspace already has are disabled), and "Connect selected". The tokens wait encrypted on the
 * server for a few minutes; an expired or used flow comes back as an error with a way out.
 */
export function AccountPicker({ flowId, onConnected, onCancel }: Props) {
  const trpc = useTRPC();
  // A flow is read once: retrying an expired or spent one cannot succeed.
  const pending = useQuery({ ...trpc.channels.pending.queryOptions({ flowId }), retry: false, staleTime: Infinity, refetchOnWindowFocus: false });

  if (pending.isPending) return <LoadingPanel label="Loading the accounts you allowed" />;
  if (pending.isError) {
    return (
      <Notice tone="error" title="Nothing to connect">
        <p>{readTrpcError(pending.error).message} Nothing was connected.</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={onCancel}>Dismiss</Button>
      </Notice>
    );
  }
  return <AccountForm key={flowId} flowId={flowId} flow={pending.data} onConnected={onConnected} onCancel={onCancel} />;
}

function AccountForm({ flowId, flow, onConnected, onCancel }: Props & { flow: PendingFlow }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(() => initialSelection(flow.accounts));
  const connect = useMutation(
    trpc.channels.connect.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
        onConnected(result.connected);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (selected.length > 0) connect.mutate({ flowId, externalIds: selected });
  }

  return (
    <Card title="Choose what to connect" description="Tick the accounts whose messages Leadline should receive and answer.">
      <form onSubmit={onSubmit} noValidate>
        {flow.accounts.length === 0 ? (
          <p className="text-sm text-slate-600">
            The platform offered no accounts. For Facebook and Instagram, choose at least one Page on the consent screen (an Instagram
            account is offered through the Page it is linked to). Then start again.
          </p>
        ) : (
          <fieldset>
            <legend className="sr-only">Accounts to connect</legend>
            <ul className="-my-3 divide-y divide-slate-100">
              {flow.accounts.map((account) => {
                const boxId = `${id}-${account.externalId}`;
                const handle = formatHandle(account.handle);
                return (
                  <li key={account.externalId} className="flex items-start gap-3 py-3">
                    <input
                      id={boxId}
                      type="checkbox"
                      checked={selected.includes(account.externalId)}
                      disabled={account.alreadyConnected || connect.isPending}
                      aria-describedby={account.alreadyConnected ? `${boxId}-note` : undefined}
                      onChange={(e) => setSelected((s) => toggleSelection(flow.accounts, s, account.externalId, e.target.checked))}
                      className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed"
                    />
                    <div className="min-w-0">
                      <label htmlFor={boxId} className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
                        <PlatformBadge platform={account.platform} />
                        <span className="break-words">{account.name}</span>
                        {handle ? <span className="font-normal text-slate-500">{handle}</span> : null}
                      </label>
                      {account.alreadyConnected ? (
                        <p id={`${boxId}-note`} className="mt-0.5 text-xs text-slate-500">Already connected to this workspace.</p>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        )}
        {connect.error ? <Notice tone="error" className="mt-4">{readTrpcError(connect.error).message}</Notice> : null}
        <div className="mt-5 flex flex-wrap items-center justify-end gap-2 border-t border-slate-100 pt-4">
          <Button variant="ghost" disabled={connect.isPending} onClick={onCancel}>Cancel</Button>
          <Button type="submit" disabled={selected.length === 0} pending={connect.isPending}>Connect selected</Button>
        </div>
      </form>
    </Card>
  );
}
