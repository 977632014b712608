"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { focusComposer } from "@/components/inbox/focus-composer";
import { useTRPC } from "@/lib/trpc/client";
import { fillSavedReply } from "@/shared/saved-replies/fill-saved-reply";
import { insertSavedReply, matchSavedReplies, typedShortcut, type SavedReplyOption } from "./match-saved-replies";
import { SavedReplyMenu } from "./saved-reply-menu";
import { ShortcutSuggestions } from "./shortcut-suggestions";

const MAX_SUGGESTIONS = 6;

/** Puts the caret at the end of the reply box once React has rendered the filled text. */
function focusAtEnd(): void {
  requestAnimationFrame(() => {
    if (!focusComposer()) return;
    const box = document.activeElement;
    if (box instanceof HTMLTextAreaElement) box.setSelectionRange(box.value.length, box.value.length);
  });
}

/**
 * Saved replies in the reply composer: a searchable menu, and "/" + shortcut typed as the whole
 * text (Enter or Tab picks the highlighted match, arrows move, Escape dismisses). A pick fills
 * `{{first_name}}` from the contact's display name (or removes it) and puts the text in the box
 * for editing; nothing is sent until the agent sends it.
 */
export function useSavedReplyComposer({ text, setText, contactName }: { text: string; setText: (text: string) => void; contactName: string | null | undefined }): {
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  suggestions: ReactNode;
  menu: ReactNode;
} {
  const trpc = useTRPC();
  const replies = useQuery({ ...trpc.savedReplies.list.queryOptions(), staleTime: 60_000 });
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const [active, setActive] = useState({ text: "", index: 0 });
  const query = typedShortcut(text);
  const matches = query !== null && dismissedFor !== text ? matchSavedReplies(replies.data ?? [], query).slice(0, MAX_SUGGESTIONS) : [];
  const index = active.text === text ? Math.min(active.index, Math.max(matches.length - 1, 0)) : 0;

  const pick = (reply: SavedReplyOption) => {
    setText(insertSavedReply(text, fillSavedReply(reply.body, contactName)));
    focusAtEnd();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length === 0) return;
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(matches[index]!);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : matches.length - 1;
      setActive({ text, index: (index + step) % matches.length });
    } else if (event.key === "Escape") {
      event.preventDefault();
      setDismissedFor(text);
    }
  };

  return {
    onKeyDown,
    suggestions: query !== null && dismissedFor !== text ? <ShortcutSuggestions query={query} matches={matches} activeIndex={index} loading={replies.isPending} onPick={pick} /> : null,
    menu: <SavedReplyMenu replies={replies.data} loading={replies.isPending} failed={replies.isError} onPick={pick} />,
  };
}
