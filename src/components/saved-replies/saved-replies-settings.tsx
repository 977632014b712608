"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useTRPC } from "@/lib/trpc/client";
import { SAVED_REPLIES_MAX } from "@/shared/saved-replies/saved-reply-input";
import { SavedReplyCard } from "./saved-reply-card";
import { SavedReplyForm } from "./saved-reply-form";

/** Settings -> Saved replies: admins add, edit and delete them; agents and viewers read them. */
export function SavedRepliesSettings() {
  const trpc = useTRPC();
  const { role } = useActiveWorkspace();
  const canEdit = role === "ADMIN";
  const [creating, setCreating] = useState(false);
  const replies = useQuery(trpc.savedReplies.list.queryOptions());
  const full = (replies.data?.length ?? 0) >= SAVED_REPLIES_MAX;
  const newButton = canEdit && !creating && !full ? <Button onClick={() => setCreating(true)}>New saved reply</Button> : null;

  return (
    <div className="space-y-6">
      {canEdit ? null : <ReadOnlyNotice role={role}>{`Only admins can add or change saved replies.${role === "AGENT" ? " Use them in the reply box: Saved replies, or type / and a shortcut." : ""}`}</ReadOnlyNotice>}
      {creating ? (
        <Card title="New saved reply">
          <SavedReplyForm onDone={() => setCreating(false)} />
        </Card>
      ) : null}
      {replies.isPending ? (
        <LoadingPanel label="Loading saved replies" />
      ) : replies.isError ? (
        <ErrorPanel title="We couldn't load the saved replies" error={replies.error} onRetry={() => void replies.refetch()} retrying={replies.isFetching} />
      ) : replies.data.length === 0 ? (
        <EmptyState
          title="No saved replies yet"
          description={canEdit ? "Save the answers your team types most (pricing, shipping, opening hours) so agents insert them in one step." : "Your admins haven't added any saved replies yet."}
          action={newButton}
        />
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-500">{replies.data.length} of {SAVED_REPLIES_MAX} saved replies{full ? ": delete one to add another." : "."}</p>
            {newButton}
          </div>
          <ul className="space-y-4" aria-label="Saved replies">
            {replies.data.map((r) => <SavedReplyCard key={r.id} reply={r} canEdit={canEdit} />)}
          </ul>
        </>
      )}
    </div>
  );
}
