"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorPanel } from "@/components/errors/error-panel";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { LeadPanel } from "@/components/leads/lead-panel";
import { NoteComposer } from "@/components/notes/note-composer";
import { NoteList, NotesLoadError } from "@/components/notes/note-item";
import { placeNotes } from "@/components/notes/place-notes";
import { useConversationNotes } from "@/components/notes/use-conversation-notes";
import { ConversationPostLink, postOf, useConversationLinks } from "@/components/platform-links/view-on-platform";
import { ContactPrivacyActions } from "@/components/privacy/contact-privacy-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useTRPC } from "@/lib/trpc/client";
import { buildThread } from "./build-thread";
import { ConversationHeader, contactLabel } from "./conversation-header";
import { MessageItem } from "./message-item";
import { ReplyComposer } from "./reply-composer";
import { ReplyItem } from "./reply-item";

/** One conversation: who, the lead, every message with its replies and agent runs, and the actions. */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const { role } = useActiveWorkspace();
  const canAct = role !== "VIEWER";
  const conversation = useQuery(trpc.inbox.get.queryOptions({ conversationId }));
  const notes = useConversationNotes(conversationId);
  const links = useConversationLinks(conversationId);

  if (conversation.isPending) return <LoadingPanel label="Loading the conversation" />;
  if (conversation.isError) {
    if (readTrpcError(conversation.error).code === "NOT_FOUND") {
      return (
        <EmptyState
          title="Conversation not found"
          description="It may have been deleted, or it is assigned to someone else."
          action={<Link href="/inbox" className="text-sm font-medium text-brand-600 hover:underline">Back to the inbox</Link>}
        />
      );
    }
    return <ErrorPanel title="We couldn't load this conversation" error={conversation.error} onRetry={() => void conversation.refetch()} retrying={conversation.isFetching} />;
  }

  const c = conversation.data;
  const author = contactLabel(c.contact);
  const { entries, unthreaded } = buildThread(c.messages, c.replies);
  const pendingDrafts = c.replies.filter((r) => r.status === "DRAFT").length;
  const target = { platform: c.platform, kind: c.kind };
  const placed = placeNotes(entries.map(({ message }) => ({ id: message.id, at: message.sentAt })), notes.data ?? []);

  return (
    <div className="space-y-4">
      <ConversationHeader conversation={c} canAct={canAct} />
      <ConversationPostLink conversationId={c.id} />
      {canAct ? null : <ReadOnlyNotice role={role}>You can read conversations and agent runs; agents and admins answer them.</ReadOnlyNotice>}
      <LeadPanel lead={c.lead} canAct={canAct} />
      {role === "ADMIN" ? <ContactPrivacyActions contactId={c.contact.id} contactName={author} /> : null}
      <section aria-label="Messages" className="space-y-3">
        {entries.length === 0 && unthreaded.length === 0 ? <EmptyState title="No messages in this conversation" /> : null}
        <NoteList notes={placed.leading} conversationId={c.id} canAct={canAct} />
        {entries.map(({ message, replies }) => (
          <div key={message.id} className="space-y-3">
            <MessageItem message={message} author={author} post={postOf(links.data, message.id)} />
            {replies.map((reply) => <ReplyItem key={reply.id} reply={reply} conversationId={c.id} target={target} canAct={canAct} />)}
            <NoteList notes={placed.after.get(message.id)} conversationId={c.id} canAct={canAct} />
          </div>
        ))}
        {unthreaded.map((reply) => <ReplyItem key={reply.id} reply={reply} conversationId={c.id} target={target} canAct={canAct} />)}
        <NotesLoadError failed={notes.isError} retrying={notes.isFetching} onRetry={() => void notes.refetch()} />
      </section>
      {canAct ? <NoteComposer conversationId={c.id} /> : null}
      {canAct ? <ReplyComposer conversationId={c.id} target={target} pendingDrafts={pendingDrafts} replies={c.replies} contactName={c.contact.name} /> : null}
    </div>
  );
}
