"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/components/ui/format-time";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { newHotLeads, showSystemNotification } from "./browser-alerts";
import { NotificationSettings } from "./notification-settings";
import { useNotificationStream } from "./use-notification-stream";

const KIND_DOTS: Record<string, string> = {
  HOT_LEAD: "bg-red-500",
  DRAFTS_WAITING: "bg-amber-500",
  CHANNEL_REAUTH: "bg-violet-500",
  SEND_FAILED: "bg-slate-700",
};

/**
 * The bell in the app shell: the member's unread count, a list of their latest notifications
 * (each a link; opening one marks it read), "Mark all read", and their notification settings.
 * Live through the workspace's realtime stream; a system notification for a new hot lead when the
 * member turned browser notifications on and the browser allows them.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { id: workspaceId } = useActiveWorkspace();
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<"list" | "settings">("list");
  const panel = useRef<HTMLDivElement>(null);
  const seen = useRef<Set<string> | null>(null);

  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 20 }));
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
  useNotificationStream(workspaceId, () => void refresh());

  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }));

  // System notifications for hot leads that arrived while the app is open (never for the first load).
  useEffect(() => {
    const items = list.data?.items;
    if (!items) return;
    if (prefs.data?.browser) {
      for (const item of newHotLeads(seen.current, items)) showSystemNotification(item.title, item.href, (href) => router.push(href));
    }
    seen.current = new Set([...(seen.current ?? []), ...items.map((i) => i.id)]);
  }, [list.data, prefs.data?.browser, router]);

  // Closes on Escape and on a click outside the panel.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => panel.current && !panel.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  return (
    <div className="relative" ref={panel}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        data-testid="notification-bell"
        className="relative inline-flex size-9 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
          <path strokeLinecap="round" strokeLinejoin="round" d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0" />
        </svg>
        {unread > 0 ? (
          <span data-testid="notification-unread" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-semibold text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div role="dialog" aria-label="Notifications" className="absolute right-0 z-50 mt-2 w-80 lg:right-auto lg:left-0 max-w-[calc(100vw-2rem)] rounded-xl border border-slate-200 bg-white shadow-lg">
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <p className="text-sm font-semibold text-slate-900">{view === "list" ? "Notifications" : "Notification settings"}</p>
            <div className="flex gap-2 text-xs">
              {view === "list" && unread > 0 ? (
                <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
                  Mark all read
                </button>
              ) : null}
              <button type="button" className="font-medium text-slate-600 hover:underline" onClick={() => setView(view === "list" ? "settings" : "list")}>
                {view === "list" ? "Settings" : "Back"}
              </button>
            </div>
          </div>
          {view === "settings" ? (
            <NotificationSettings />
          ) : list.isError ? (
            <p role="alert" className="px-4 py-6 text-sm text-red-700">Notifications could not be loaded. They will retry shortly.</p>
          ) : items.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">{list.isPending ? "Loading…" : "Nothing yet. Hot leads, waiting drafts, failed sends and channels to reconnect show up here."}</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" data-testid="notification-list">
              {items.map((item) => (
                <li key={item.id}>
                  <Link
                    href={item.href}
                    data-kind={item.kind}
                    onClick={() => {
                      if (!item.read) markRead.mutate({ ids: [item.id] });
                      setOpen(false);
                    }}
                    className={`flex gap-3 px-4 py-3 text-sm hover:bg-slate-50 ${item.read ? "text-slate-500" : "text-slate-900"}`}
                  >
                    <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${item.read ? "bg-slate-200" : (KIND_DOTS[item.kind] ?? "bg-slate-400")}`} />
                    <span className="min-w-0">
                      <span className={`block ${item.read ? "" : "font-medium"}`}>{item.title}</span>
                      <span className="block text-xs text-slate-500">{formatDateTime(new Date(item.createdAt))}{item.read ? "" : " · unread"}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
