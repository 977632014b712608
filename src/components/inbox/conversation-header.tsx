"use client";

import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Notice } from "@/components/ui/notice";
import { Badge } from "../ui/badge";
import { formatCount } from "../ui/format-numbers";
import { ConversationActions } from "./conversation-actions";
import { focusComposer } from "./focus-composer";
import { PauseToggle } from "./pause-toggle";
import { describeAutoReply } from "./describe-auto-reply";
import { SourceBadge } from "./demo-data-badge";

type Conversation = RouterOutputs["inbox"]["get"];

const KIND_LABELS: Record<Conversation["kind"], string> = { DM: "Direct message", COMMENT: "Comment", MENTION: "Mention" };

export function contactLabel(contact: Conversation["contact"]): string {
  return contact.name ?? (contact.handle ? `@${contact.handle.replace(/^@/, "")}` : "Unknown contact");
}

/** Who the customer is, where the conversation happens, and whether the AI may answer on its own. */
export function ConversationHeader({ conversation, canAct }: { conversation: Conversation; canAct: boolean }) {
  const { contact, channel } = conversation;
  const autoReply = describeAutoReply({
    workspaceAutoReply: conversation.workspaceAutoReply,
    channelAutoReply: channel.autoReplyEnabled,
    channelStatus: channel.status,
    conversationPaused: conversation.autoReplyPaused,
  });
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2 lg:hidden">
        <Link href="/inbox" className="inline-block text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          ← All conversations
        </Link>
        {canAct ? <button type="button" onClick={() => focusComposer()} className="rounded-md px-2 py-1 text-sm font-medium text-brand-600 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500">Reply ↓</button> : null}
      </div>
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white px-3 py-3 shadow-sm sm:px-4 sm:py-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="truncate text-lg font-semibold text-slate-900">{contactLabel(contact)}</h2>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
              {contact.name && contact.handle ? <span>@{contact.handle.replace(/^@/, "")}</span> : null}
              {contact.followers !== null ? <span>{formatCount(contact.followers)} followers</span> : null}
              {contact.verified ? <Badge tone="sky">Verified</Badge> : null}
            </p>
            <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <SourceBadge platform={conversation.platform} />
              <span>{KIND_LABELS[conversation.kind]} on {channel.name}</span>
              <Badge tone={autoReply.tone}>{autoReply.label}</Badge>
            </p>
            <p className="mt-1 hidden text-xs text-slate-500 sm:block">{autoReply.detail}</p>
          </div>
          {canAct && (autoReply.pauseMatters || conversation.autoReplyPaused) ? <PauseToggle conversationId={conversation.id} paused={conversation.autoReplyPaused} /> : null}
        </div>
        <ConversationActions conversation={conversation} />
      </div>
      {channel.status === "NEEDS_REAUTH" ? (
        <Notice tone="warning" title="This channel needs to be reconnected">
          Replies cannot be delivered until an admin reconnects {channel.name}. New messages are still received and processed.
        </Notice>
      ) : channel.status === "DISCONNECTED" ? (
        <Notice tone="warning" title="This channel is disconnected">Replies cannot be delivered through {channel.name}.</Notice>
      ) : null}
    </div>
  );
}
