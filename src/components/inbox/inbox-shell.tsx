"use client";

import { useParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { TierFilter } from "@/components/leads/tier-filter";
import type { Tier } from "@/components/ui/tier-badge";
import { LiveStatus } from "@/components/realtime/live-status";
import { useRealtime } from "@/components/realtime/use-realtime";
import { PageHeader } from "@/components/ui/page-header";
import { ConversationList } from "./conversation-list";

/**
 * The two-pane inbox: the conversation list (with the tier filter) beside the selected
 * conversation (`children`, from the route). Live through the realtime stream. On small
 * screens only one pane shows at a time.
 */
export function InboxShell({ children }: { children: ReactNode }) {
  const status = useRealtime();
  const { conversationId } = useParams<{ conversationId?: string }>();
  const [tier, setTier] = useState<Tier | undefined>(undefined);

  return (
    <>
      <PageHeader title="Inbox" description="Every DM, comment and mention, classified and scored, with the AI's reply ready to review." actions={<LiveStatus status={status} />} />
      <div className="grid gap-6 lg:grid-cols-[19rem_minmax(0,1fr)]">
        <section aria-label="Conversation list" className={conversationId ? "hidden lg:block" : undefined}>
          <div className="mb-3">
            <TierFilter value={tier} onChange={setTier} />
          </div>
          <ConversationList tier={tier} selectedId={conversationId} />
        </section>
        <div className={conversationId ? undefined : "hidden lg:block"}>{children}</div>
      </div>
    </>
  );
}
