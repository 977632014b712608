"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import type { Role } from "@/components/workspace/role";
import { useTRPC } from "@/lib/trpc/client";
import { askBrowserPermission, browserPermission, type BrowserPermission } from "./browser-alerts";

type Kind = "HOT_LEAD" | "DRAFTS_WAITING" | "CHANNEL_REAUTH" | "SEND_FAILED";

const KINDS: ReadonlyArray<{ kind: Kind; label: string; roles: readonly Role[] }> = [
  { kind: "HOT_LEAD", label: "New hot leads", roles: ["ADMIN", "AGENT", "VIEWER"] },
  { kind: "DRAFTS_WAITING", label: "Drafts waiting for approval", roles: ["ADMIN", "AGENT"] },
  { kind: "SEND_FAILED", label: "Replies that could not be sent", roles: ["ADMIN", "AGENT"] },
  { kind: "CHANNEL_REAUTH", label: "Channels to reconnect", roles: ["ADMIN"] },
];

const PERMISSION_NOTES: Record<BrowserPermission, string | null> = {
  unsupported: "This browser cannot show notifications.",
  denied: "Your browser blocks notifications from Leadline. Allow them in the site settings to use this.",
  default: null,
  granted: null,
};

/** The member's own choices: which kinds, system notifications for hot leads, the daily email digest. */
export function NotificationSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useActiveWorkspace();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const [permission, setPermission] = useState<BrowserPermission>(() => browserPermission());
  const key = trpc.notifications.preferences.queryKey();
  // Optimistic: the box changes at once and goes back if the server refuses.
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onMutate: (next) => {
        const previous = queryClient.getQueryData(key);
        queryClient.setQueryData(key, next);
        return { previous };
      },
      onError: (_error, _next, context) => queryClient.setQueryData(key, context?.previous),
      onSuccess: (saved) => queryClient.setQueryData(key, saved),
    }),
  );
  const failure = save.error ? readTrpcError(save.error) : null;
  if (!prefs.data) return <p className="px-4 py-6 text-sm text-slate-500">{prefs.isError ? "Settings could not be loaded." : "Loading…"}</p>;
  const current = prefs.data;

  async function toggleBrowser(on: boolean) {
    if (on) {
      const answer = permission === "granted" ? "granted" : await askBrowserPermission();
      setPermission(answer);
      if (answer !== "granted") return; // nothing saved: the browser said no
    }
    save.mutate({ ...current, browser: on });
  }

  return (
    <form className="space-y-4 px-4 py-4 text-sm" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend className="font-medium text-slate-900">Notify me about</legend>
        <div className="mt-2 space-y-1.5">
          {KINDS.filter((k) => k.roles.includes(role)).map(({ kind, label }) => (
            <label key={kind} className="flex items-center gap-2 text-slate-700">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300"
                checked={!current.mutedKinds.includes(kind)}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ ...current, mutedKinds: e.target.checked ? current.mutedKinds.filter((k) => k !== kind) : [...current.mutedKinds, kind] })}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-start gap-2 text-slate-700">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300"
          checked={current.browser && permission === "granted"}
          disabled={save.isPending || permission === "unsupported"}
          onChange={(e) => void toggleBrowser(e.target.checked)}
          name="browserNotifications"
        />
        <span>
          Browser notifications for new hot leads while Leadline is open
          {PERMISSION_NOTES[permission] ? <span role="status" className="block text-xs text-amber-700">{PERMISSION_NOTES[permission]}</span> : null}
        </span>
      </label>
      <label className="flex items-start gap-2 text-slate-700">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300"
          checked={current.emailDigest}
          disabled={save.isPending}
          onChange={(e) => save.mutate({ ...current, emailDigest: e.target.checked })}
          name="emailDigest"
        />
        <span>
          Daily email summary of unread notifications
          <span className="block text-xs text-slate-500">Titles and links only, never message text.</span>
        </span>
      </label>
      {failure ? <p role="alert" className="text-xs text-red-700">{failure.message}</p> : null}
    </form>
  );
}
