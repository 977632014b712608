"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/form-fields";
import { formatDateTime } from "@/components/ui/format-time";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { snoozePresets } from "./snooze-presets";
import { useConversationActions } from "./use-conversation-actions";

type Conversation = RouterOutputs["inbox"]["get"];

/** The intent of the customer's latest message: spam puts the conversation in the Spam folder. */
export function latestInboundIntent(conversation: Conversation) {
  return conversation.messages.findLast((m) => m.direction === "INBOUND")?.intent ?? null;
}

const STATUS_BADGE = { OPEN: { tone: "emerald", label: "Open" }, CLOSED: { tone: "slate", label: "Closed" }, SNOOZED: { tone: "violet", label: "Snoozed" } } as const;

/**
 * Status (close, reopen, snooze), assignment and "Not spam" for one conversation. Agents take a
 * conversation or give theirs back; admins assign anyone who can answer. Viewers see the state only
 * (the server refuses their changes anyway).
 */
export function ConversationActions({ conversation: c }: { conversation: Conversation }) {
  const trpc = useTRPC();
  const { role, userId } = useActiveWorkspace();
  const canAct = role !== "VIEWER";
  const actions = useConversationActions();
  const assignees = useQuery(trpc.inbox.assignees.queryOptions());
  const [snoozing, setSnoozing] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const spam = latestInboundIntent(c) === "SPAM";
  const assigneeName = c.assigneeId === userId ? "you" : (assignees.data?.find((a) => a.userId === c.assigneeId)?.name ?? "a teammate");
  const error = [actions.setStatus.error, actions.assign.error, actions.notSpam.error].find(Boolean);
  const status = STATUS_BADGE[c.status];

  return (
    <div className="space-y-2" aria-label="Conversation workflow" role="group">
      <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
        <Badge tone={status.tone}>{status.label}</Badge>
        {c.status === "SNOOZED" && c.snoozedUntil ? <span>until {formatDateTime(c.snoozedUntil)}</span> : null}
        <span>· {c.assigneeId ? `Assigned to ${assigneeName}` : "Unassigned"}</span>
        {spam ? <Badge tone="red">In Spam</Badge> : null}
        {c.contact.trusted ? <Badge tone="emerald" title="A person marked this contact as not spam">Trusted contact</Badge> : null}
      </p>
      {canAct ? (
        <div className="flex flex-wrap items-center gap-1.5">
          {c.status === "OPEN" ? (
            <Button size="sm" variant="secondary" pending={actions.setStatus.isPending} onClick={() => actions.setStatus.mutate({ conversationId: c.id, change: { status: "CLOSED" } })}>Close</Button>
          ) : (
            <Button size="sm" variant="secondary" pending={actions.setStatus.isPending} onClick={() => actions.setStatus.mutate({ conversationId: c.id, change: { status: "OPEN" } })}>
              {c.status === "CLOSED" ? "Reopen" : "Unsnooze"}
            </Button>
          )}
          {c.status !== "SNOOZED" ? (
            <Button size="sm" variant="ghost" aria-expanded={snoozing} onClick={() => setSnoozing((v) => !v)}>Snooze…</Button>
          ) : null}
          {role === "ADMIN" ? (
            <label className="flex items-center gap-1 text-sm text-slate-700">
              <span className="sr-only">Assign to</span>
              <select
                value={c.assigneeId ?? ""}
                disabled={actions.assign.isPending}
                onChange={(e) => actions.assign.mutate({ conversationId: c.id, assigneeId: e.target.value || null })}
                className={`${inputClasses} w-auto py-1`}
              >
                <option value="">Unassigned</option>
                {(assignees.data ?? []).map((a) => <option key={a.userId} value={a.userId}>{a.userId === userId ? `${a.name} (you)` : a.name}</option>)}
              </select>
            </label>
          ) : c.assigneeId === userId ? (
            <Button size="sm" variant="ghost" pending={actions.assign.isPending} onClick={() => actions.assign.mutate({ conversationId: c.id, assigneeId: null })}>Unassign</Button>
          ) : (
            <Button size="sm" variant="ghost" pending={actions.assign.isPending} onClick={() => actions.assign.mutate({ conversationId: c.id, assigneeId: userId })}>Assign to me</Button>
          )}
          {role === "ADMIN" && c.assigneeId !== userId ? (
            <Button size="sm" variant="ghost" pending={actions.assign.isPending} onClick={() => actions.assign.mutate({ conversationId: c.id, assigneeId: userId })}>Assign to me</Button>
          ) : null}
          {spam ? <Button size="sm" variant="secondary" aria-expanded={correcting} onClick={() => setCorrecting((v) => !v)}>Not spam…</Button> : null}
        </div>
      ) : null}
      {canAct && snoozing && c.status !== "SNOOZED" ? (
        <div role="group" aria-label="Snooze until" className="flex flex-wrap gap-1.5">
          {snoozePresets(new Date()).map((p) => (
            <Button key={p.id} size="sm" variant="secondary" disabled={actions.setStatus.isPending} onClick={() => actions.setStatus.mutate({ conversationId: c.id, change: { status: "SNOOZED", until: p.until } }, { onSuccess: () => setSnoozing(false) })}>
              {p.label}
            </Button>
          ))}
        </div>
      ) : null}
      {canAct && spam && correcting ? (
        <div role="group" aria-label="What is this message?" className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700">
          <span>It is:</span>
          {(["SALES", "SUPPORT", "OTHER"] as const).map((intent) => (
            <Button key={intent} size="sm" variant="secondary" disabled={actions.notSpam.isPending} onClick={() => actions.notSpam.mutate({ conversationId: c.id, intent }, { onSuccess: () => setCorrecting(false) })}>
              {intent === "SALES" ? "Sales" : intent === "SUPPORT" ? "Support" : "Other"}
            </Button>
          ))}
          <span className="text-xs text-slate-500">Moves it to the inbox and trusts this contact from now on.</span>
        </div>
      ) : null}
      {error ? <p role="alert" className="text-xs text-red-700">{readTrpcError(error).message}</p> : null}
    </div>
  );
}
