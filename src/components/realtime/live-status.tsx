import type { RealtimeStatus } from "./use-realtime";

const LABELS: Record<RealtimeStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" };
const DOTS: Record<RealtimeStatus, string> = { connecting: "bg-slate-400", live: "bg-emerald-500", reconnecting: "bg-amber-500" };

/** A small "Live" / "Reconnecting…" pill for pages that update through the realtime stream. */
export function LiveStatus({ status }: { status: RealtimeStatus }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full bg-white px-2.5 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-200"
      title={status === "live" ? "Updates arrive as they happen" : "Updates will resume when the connection is back"}
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${DOTS[status]} ${status === "live" ? "animate-pulse" : ""}`} />
      <span>{LABELS[status]}</span>
    </span>
  );
}
