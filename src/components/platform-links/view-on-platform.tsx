"use client";

import { useQuery } from "@tanstack/react-query";
import { PLATFORM_LABELS, type Platform } from "@/components/ui/platform-badge";
import { useTRPC } from "@/lib/trpc/client";

/** Where one message lives on its platform. */
export type PostLink = { url: string; platform: Platform };

/** The link of one message, when its platform gives it an address. */
export function postOf(links: { platform: Platform; messages: Record<string, string> } | undefined, messageId: string): PostLink | undefined {
  const url = links?.messages[messageId];
  return url && links ? { url, platform: links.platform } : undefined;
}

/** The links back to the original posts of a conversation (empty while loading or when there are none). */
export function useConversationLinks(conversationId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.platformLinks.forConversation.queryOptions({ conversationId }), staleTime: 5 * 60_000 });
}

/** "View on X" to a post on its platform, in a new tab that cannot reach back into Leadline. */
export function ViewOnPlatformLink({ url, platform, what = "" }: { url: string; platform: Platform; what?: string }) {
  const label = PLATFORM_LABELS[platform];
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      className="inline-flex items-center gap-1 text-xs font-medium text-brand-600 hover:underline"
      aria-label={`View ${what ? `${what} ` : ""}on ${label} (opens in a new tab)`}
    >
      View on {label}
      <span aria-hidden="true">↗</span>
    </a>
  );
}

/** The thread's post, for the conversation header area; nothing when the platform gives no address. */
export function ConversationPostLink({ conversationId }: { conversationId: string }) {
  const links = useConversationLinks(conversationId);
  if (!links.data?.thread) return null;
  return (
    <p className="text-right">
      <ViewOnPlatformLink url={links.data.thread} platform={links.data.platform} what="the original post" />
    </p>
  );
}
