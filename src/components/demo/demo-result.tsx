"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { AgentRunsTable } from "@/components/inbox/agent-runs";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { DemoClassification } from "./demo-classification";
import type { DemoInput } from "./demo-form";
import { CustomerBubble, DemoReplyBubble, PendingLine } from "./demo-bubbles";
import { findDemoConversation, findDemoMessage } from "./find-demo-message";

export type DemoSend = { key: string; input: DemoInput; sentAt: number; result: RouterOutputs["demo"]["send"] | null };

type Conversation = RouterOutputs["inbox"]["get"];

/** After this long without finding the message in the inbox, say so instead of spinning. */
const LOCATE_TIMEOUT_MS = 30_000;

/** demo.send may one day return the conversation id; until then the inbox list is searched. */
function conversationIdOf(result: DemoSend["result"]): string | undefined {
  return result && "conversationId" in result && typeof result.conversationId === "string" ? result.conversationId : undefined;
}

function progressOf(conversation: Conversation | undefined, input: DemoInput) {
  const message = conversation ? findDemoMessage(conversation, input) : undefined;
  const replies = message && conversation ? conversation.replies.filter((r) => r.inReplyToId === message.id) : [];
  const processed = message?.status === "PROCESSED";
  const settled = message?.status === "FAILED" || (processed && replies.every((r) => r.status !== "QUEUED" && r.status !== "SENDING"));
  return { message, replies, settled };
}

/** One demo message followed live, as the customer would see it, with what happened behind it. */
export function DemoResult({ send, live, latest }: { send: DemoSend; live: boolean; latest: boolean }) {
  const trpc = useTRPC();
  const headingId = useId();
  const delivered = send.result !== null;
  const directId = conversationIdOf(send.result);

  const list = useQuery({
    ...trpc.inbox.list.queryOptions({ limit: 20 }),
    enabled: delivered && !directId,
    refetchInterval: (query) => (findDemoConversation(query.state.data ?? [], send.input) ? false : 1_500),
  });
  const conversationId = directId ?? (list.data ? findDemoConversation(list.data, send.input)?.id : undefined);
  // Realtime events refetch this; the interval is a fallback while the stream is down.
  const conversation = useQuery({
    ...trpc.inbox.get.queryOptions(conversationId ? { conversationId } : skipToken),
    refetchInterval: (query) => (progressOf(query.state.data, send.input).settled ? false : live ? 10_000 : 2_000),
  });
  const { message, replies } = progressOf(conversation.data, send.input);

  const [late, setLate] = useState(false);
  const found = message !== undefined;
  useEffect(() => {
    if (!delivered || found) return;
    const timer = setTimeout(() => setLate(true), LOCATE_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [delivered, found]);

  const loadError = list.error ?? conversation.error;
  const waiting = message?.status === "RECEIVED" || message?.status === "PROCESSING";

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-3">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">What {send.input.name.trim() || "the customer"} sees</h2>
        {conversationId ? (
          <Link href={`/inbox/${conversationId}`} className="text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
            Open in the inbox
          </Link>
        ) : null}
      </header>
      <div className="space-y-5 px-5 py-4">
        {/* New steps are announced as they appear (only for the latest send). */}
        <ol aria-live={latest ? "polite" : "off"} aria-label="Conversation so far" className="space-y-3">
          <li><CustomerBubble text={message?.text ?? send.input.text} caption={delivered ? "Delivered" : "Sending…"} /></li>
          {delivered && !found && !late ? <li><PendingLine>Waiting for the inbox…</PendingLine></li> : null}
          {delivered && !found && late ? (
            <li><Notice tone="warning" title="Still looking for this message">It was accepted but hasn’t shown up yet. It may be queued; check the Inbox in a moment.</Notice></li>
          ) : null}
          {waiting ? <li><PendingLine>Classifying…</PendingLine></li> : null}
          {message?.status === "FAILED" ? (
            <li>
              <Notice tone="error" title="The agents could not process this message">
                <p className="break-words font-mono text-xs">{message.error ?? "No error was recorded."}</p>
                <p className="mt-1">No reply was sent. An agent can still answer from the inbox.</p>
              </Notice>
            </li>
          ) : null}
          {message?.status === "PROCESSED" && conversation.data ? <li><DemoClassification message={message} lead={conversation.data.lead} /></li> : null}
          {replies.map((reply) => <li key={reply.id}><DemoReplyBubble reply={reply} /></li>)}
          {message?.status === "PROCESSED" && replies.length === 0 ? (
            <li className="text-sm text-slate-600">
              {message.intent === "SPAM"
                ? "No reply: the AI does not answer spam. The message stays in the inbox for an agent."
                : message.intent === "OTHER"
                  ? "No automatic reply: the AI only answers sales and support messages. An agent can answer from the inbox."
                  : "No automatic reply: the classifier was not confident enough to draft one. An agent can answer from the inbox."}
            </li>
          ) : null}
        </ol>
        {loadError ? <ErrorPanel title="We couldn't follow this message" error={loadError} onRetry={() => void (list.error ? list.refetch() : conversation.refetch())} retrying={list.isFetching || conversation.isFetching} /> : null}
        {message && message.agentRuns.length > 0 ? (
          <div className="space-y-2">
            <h3 className="text-sm font-semibold text-slate-900">Agent runs</h3>
            <AgentRunsTable runs={message.agentRuns} caption="Agent runs for this demo message" />
          </div>
        ) : null}
      </div>
    </section>
  );
}
