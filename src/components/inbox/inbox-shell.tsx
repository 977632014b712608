"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { LiveStatus } from "@/components/realtime/live-status";
import { useRealtime } from "@/components/realtime/use-realtime";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { ConversationList, useConversationList } from "./conversation-list";
import { focusComposer } from "./focus-composer";
import { DEFAULT_FILTERS, InboxFilters, type InboxFilterState } from "./inbox-filters";
import { ShortcutHelpDialog, useInboxShortcuts, type ShortcutKey } from "./inbox-shortcuts";
import { snoozePresets } from "./snooze-presets";
import { useConversationActions } from "./use-conversation-actions";

type Conversation = RouterOutputs["inbox"]["get"];

/**
 * The two-pane inbox: folders, search and filters over the conversation list, beside the
 * selected conversation (`children`, from the route). Live through the realtime stream; keyboard
 * shortcuts (? lists them); opening a conversation marks it read for this member. On small
 * screens one pane shows at a time under a one-line header.
 */
export function InboxShell({ children }: { children: ReactNode }) {
  const status = useRealtime();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { role, userId } = useActiveWorkspace();
  const { conversationId } = useParams<{ conversationId?: string }>();
  const [filters, setFilters] = useState<InboxFilterState>(DEFAULT_FILTERS);
  const [helpOpen, setHelpOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useConversationList(filters);
  const actions = useConversationActions();
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.inbox.list.queryFilter()) }));
  const selected = list.data?.find((c) => c.id === conversationId);

  // Opening a conversation (or a new message arriving in the open one) marks it read.
  const { mutate: markReadMutate } = markRead;
  const unreadSelected = selected?.unread === true;
  useEffect(() => {
    if (conversationId && (unreadSelected || !selected)) markReadMutate({ conversationId });
    // `selected` itself changes on every refetch; only its id and unread flag matter here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conversationId, unreadSelected, markReadMutate]);

  const say = (text: string) => setAnnouncement(text);

  // Where j/k last went: the route's params follow a push only once the page has loaded, so a
  // quick second press moves on from there, not from the conversation still shown.
  const goingTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (conversationId === goingTo.current) goingTo.current = undefined;
  }, [conversationId]);

  useInboxShortcuts((key: ShortcutKey) => {
    const ids = list.data?.map((c) => c.id) ?? [];
    const canAct = role !== "VIEWER";
    const current = conversationId ? queryClient.getQueryData<Conversation>(trpc.inbox.get.queryKey({ conversationId })) : undefined;
    const onError = (error: unknown) => say(readTrpcError(error).message);
    switch (key) {
      case "j":
      case "k": {
        if (ids.length === 0) return;
        const from = goingTo.current ?? conversationId;
        const at = from ? ids.indexOf(from) : -1;
        const next = at === -1 ? 0 : Math.min(ids.length - 1, Math.max(0, at + (key === "j" ? 1 : -1)));
        const id = ids[next]!;
        if (id === from) return;
        goingTo.current = id;
        router.push(`/inbox/${id}`);
        document.querySelector(`[data-conversation-id="${id}"]`)?.scrollIntoView({ block: "nearest" });
        return;
      }
      case "/":
        searchRef.current?.focus();
        return;
      case "?":
        setHelpOpen(true);
        return;
      case "r":
        if (!focusComposer()) say(canAct ? "Open a conversation to reply." : "Viewers can read conversations but not reply.");
        return;
    }
    if (!conversationId || !current) return say("Open a conversation first.");
    if (!canAct) return say("Viewers can read conversations but not change them.");
    switch (key) {
      case "a": {
        const draft = current.replies.findLast((r) => r.status === "DRAFT");
        if (!draft) return say("No AI draft to approve in this conversation.");
        actions.approve.mutate({ replyId: draft.id }, { onSuccess: () => say("Draft approved: sending."), onError });
        return;
      }
      case "e":
        actions.setStatus.mutate({ conversationId, change: { status: "CLOSED" } }, { onSuccess: () => say("Conversation closed."), onError });
        return;
      case "s": {
        const tomorrow = snoozePresets(new Date())[1]!;
        actions.setStatus.mutate({ conversationId, change: { status: "SNOOZED", until: tomorrow.until } }, { onSuccess: () => say(`Snoozed ${tomorrow.label.toLowerCase()}.`), onError });
        return;
      }
      case "i":
        actions.assign.mutate({ conversationId, assigneeId: userId }, { onSuccess: () => say("Assigned to you."), onError });
        return;
    }
  });

  return (
    <>
      <div className="mb-3 flex items-center justify-between gap-3 sm:mb-5">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">Inbox</h1>
          <p className="mt-1 hidden max-w-2xl text-sm text-slate-600 md:block">Every DM, comment and mention, classified and scored, with the AI&apos;s reply ready to review.</p>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <p role="status" aria-live="polite" className="hidden max-w-56 truncate text-xs text-slate-600 sm:block">{announcement}</p>
          <button
            type="button"
            onClick={() => setHelpOpen(true)}
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            className="hidden size-7 items-center justify-center rounded-full text-sm font-semibold text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500 sm:inline-flex"
          >
            ?
          </button>
          <LiveStatus status={status} />
        </div>
      </div>
      <p className="sr-only sm:hidden" aria-live="polite">{announcement}</p>
      <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)] lg:gap-6">
        <section aria-label="Conversation list" className={conversationId ? "hidden lg:block" : undefined}>
          <div className="mb-3">
            <InboxFilters filters={filters} onChange={setFilters} searchRef={searchRef} />
          </div>
          <ConversationList filters={filters} selectedId={conversationId} currentUserId={userId} />
        </section>
        <div className={conversationId ? undefined : "hidden lg:block"}>{children}</div>
      </div>
      <ShortcutHelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
