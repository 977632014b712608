"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LiveStatus } from "@/components/realtime/live-status";
import { useRealtime } from "@/components/realtime/use-realtime";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { DemoForm, type DemoInput } from "./demo-form";
import { DemoResult, type DemoSend } from "./demo-result";

/** Sends kept on screen, newest first. */
const KEPT_SENDS = 3;

/**
 * "Play the customer": posts a signed message through the Demo channel's webhook (the path a
 * real platform takes) and follows it live: classification, lead score, the AI's reply and the
 * agent runs. Viewers can look but not send.
 */
export function DemoPlayground() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useActiveWorkspace();
  const realtime = useRealtime();
  const channel = useQuery(trpc.demo.channel.queryOptions());
  const send = useMutation(trpc.demo.send.mutationOptions());
  const [sends, setSends] = useState<DemoSend[]>([]);
  const [refused, setRefused] = useState<unknown>(null);
  const canSend = role !== "VIEWER";

  async function onSend(input: DemoInput): Promise<boolean> {
    const key = crypto.randomUUID();
    setRefused(null);
    setSends((all) => [{ key, input, sentAt: Date.now(), result: null }, ...all].slice(0, KEPT_SENDS));
    try {
      const result = await send.mutateAsync(input);
      setSends((all) => all.map((s) => (s.key === key ? { ...s, result } : s)));
      // The webhook stored the message before answering, so the list already has it.
      void queryClient.invalidateQueries(trpc.inbox.list.queryFilter());
      return true;
    } catch (error) {
      setSends((all) => all.filter((s) => s.key !== key));
      setRefused(error);
      return false;
    }
  }

  return (
    <>
      <PageHeader
        title="Demo"
        description="Play a customer writing to your business. The message takes the same path as a real DM: webhook, classifier, lead scorer, reply generator, and the inbox."
        actions={<LiveStatus status={realtime} />}
      />
      <div className="grid gap-8 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <div className="space-y-4">
          {canSend ? null : (
            <Notice tone="warning" title={`Read-only: your role is ${role.toLowerCase()}`}>Only agents and admins can send demo messages.</Notice>
          )}
          {channel.isPending ? (
            <LoadingPanel label="Loading the Demo channel" />
          ) : channel.isError ? (
            <Notice tone="error" title="We couldn't load the Demo channel">You can still try to send; the server will say if the channel is missing.</Notice>
          ) : channel.data === null ? (
            <Notice tone="warning" title="This workspace has no Demo channel">New workspaces get one automatically. Ask an admin to add one.</Notice>
          ) : null}
          <DemoForm onSend={onSend} disabled={!canSend || channel.data === null} error={refused} />
        </div>
        <div className="space-y-6">
          {sends.length === 0 ? (
            <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
              <p className="text-sm font-semibold text-slate-800">Nothing sent yet</p>
              <p className="mx-auto mt-1 max-w-sm text-sm text-slate-500">Send a message or pick an example. You’ll see it classified, scored and answered here as it happens.</p>
            </div>
          ) : (
            sends.map((s, index) => <DemoResult key={s.key} send={s} live={realtime === "live"} latest={index === 0} />)
          )}
        </div>
      </div>
    </>
  );
}
