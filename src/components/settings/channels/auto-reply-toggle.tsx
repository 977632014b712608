"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { useTRPC } from "@/lib/trpc/client";
import type { Channel } from "./channel-types";

/** Admins switch a channel's auto-reply; the list is refetched so every view agrees with the server. */
export function AutoReplyToggle({ channel }: { channel: Channel }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setAutoReply = useMutation(
    trpc.channels.setAutoReply.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() }),
    }),
  );
  // Shows the requested state while the request runs, like the role picker on the Team page.
  const checked = setAutoReply.isPending ? setAutoReply.variables.enabled : channel.autoReplyEnabled;

  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={setAutoReply.isPending || channel.status === "DISCONNECTED"}
          aria-label={`Auto-reply on ${channel.name}`}
          onChange={(e) => setAutoReply.mutate({ channelId: channel.id, enabled: e.target.checked })}
          className="size-4 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed"
        />
        <label htmlFor={id} className="text-sm text-slate-700">Auto-reply</label>
      </div>
      {setAutoReply.error ? <p role="alert" className="mt-1 text-xs font-medium text-red-700">{readTrpcError(setAutoReply.error).message}</p> : null}
    </div>
  );
}
