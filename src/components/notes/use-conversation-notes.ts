"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { useTRPC } from "@/lib/trpc/client";

export type ConversationNote = RouterOutputs["notes"]["list"][number];

/**
 * The notes of a conversation. Realtime events refetch the conversation (`inbox.get`), not the
 * notes: whenever the conversation is fetched anew (a colleague added or deleted a note, or
 * anything else changed), the notes are fetched with it.
 */
export function useConversationNotes(conversationId: string) {
  const trpc = useTRPC();
  const notes = useQuery(trpc.notes.list.queryOptions({ conversationId }));
  const conversation = useQuery({ ...trpc.inbox.get.queryOptions({ conversationId }), enabled: false });
  const seen = useRef(conversation.dataUpdatedAt);
  const { refetch } = notes;
  useEffect(() => {
    if (conversation.dataUpdatedAt === seen.current) return;
    seen.current = conversation.dataUpdatedAt;
    void refetch();
  }, [conversation.dataUpdatedAt, refetch]);
  return notes;
}
