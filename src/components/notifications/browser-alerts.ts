/**
 * Browser (system) notifications for new hot leads while the app is open. Pure helpers around the
 * Notification API so the bell stays small and the decisions are testable: what permission state
 * we are in, and which items are new since the last look.
 */
export type BrowserPermission = "unsupported" | "default" | "granted" | "denied";

type NotificationApi = { permission: string; requestPermission: () => Promise<string> };

function api(): NotificationApi | null {
  if (typeof window === "undefined" || !("Notification" in window)) return null;
  return window.Notification as unknown as NotificationApi;
}

export function browserPermission(): BrowserPermission {
  const n = api();
  if (!n) return "unsupported";
  return n.permission === "granted" || n.permission === "denied" ? n.permission : "default";
}

/** Asks once; a browser that blocks the prompt or throws answers "denied" (never an unhandled error). */
export async function askBrowserPermission(): Promise<BrowserPermission> {
  const n = api();
  if (!n) return "unsupported";
  try {
    const answer = await n.requestPermission();
    return answer === "granted" ? "granted" : answer === "denied" ? "denied" : "default";
  } catch {
    return "denied";
  }
}

type Item = { id: string; kind: string; read: boolean };

/** Unread hot-lead items the bell had not seen yet (the first load only records what is there). */
export function newHotLeads<T extends Item>(seen: ReadonlySet<string> | null, items: readonly T[]): T[] {
  if (seen === null) return [];
  return items.filter((i) => i.kind === "HOT_LEAD" && !i.read && !seen.has(i.id));
}

/** Shows a system notification; silently nothing where the API is missing, not allowed or throws (some mobile browsers). */
export function showSystemNotification(title: string, href: string, onOpen: (href: string) => void): void {
  if (browserPermission() !== "granted") return;
  try {
    const shown = new window.Notification("Leadline", { body: title, tag: href, icon: "/icon.svg" });
    shown.onclick = () => {
      window.focus();
      onOpen(href);
      shown.close();
    };
  } catch {
    // Constructing notifications is refused on some platforms (service worker only): the bell still shows it.
  }
}
