import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatPercent } from "@/components/ui/format-numbers";
import { DataTable } from "./data-table";
import { Stat } from "./response-time-panel";
import { ShareBar } from "./share-bar";

type Outcomes = RouterOutputs["analytics"]["replyOutcomes"];

/** How the range's AI replies ended: sent on their own, held as drafts, handed off; then what people did with the held ones. */
export function ReplyOutcomesChart({ data }: { data: Outcomes }) {
  const rate = (n: number) => (data.total === 0 ? "—" : formatPercent(n / data.total));
  const decided = [
    { key: "auto", label: "Auto-sent", value: data.autoSent, className: "bg-indigo-500" },
    { key: "draft", label: "Draft for review", value: data.draft, className: "bg-amber-400" },
    { key: "handoff", label: "Handed off", value: data.handoff, className: "bg-rose-500" },
  ];
  const held = [
    { key: "approved", label: "Approved as written", value: data.held.approved, className: "bg-emerald-500" },
    { key: "edited", label: "Edited, then sent", value: data.held.edited, className: "bg-teal-400" },
    { key: "discarded", label: "Discarded or replaced", value: data.held.discarded, className: "bg-slate-400" },
    { key: "pending", label: "Still waiting", value: data.held.pending, className: "bg-amber-300" },
  ];
  return (
    <div className="space-y-5">
      <div className="grid grid-cols-3 gap-3">
        <Stat label="Auto-send rate" value={rate(data.autoSent)} />
        <Stat label="Draft rate" value={rate(data.draft)} />
        <Stat label="Hand-off rate" value={rate(data.handoff)} />
      </div>
      <div>
        <p className="mb-2 text-sm font-medium text-slate-800">{data.total.toLocaleString("en")} AI replies</p>
        <ShareBar label="How AI replies ended" parts={decided} />
      </div>
      <div>
        <p className="mb-2 text-sm font-medium text-slate-800">What people did with the {(data.draft + data.handoff).toLocaleString("en")} held for review</p>
        <ShareBar label="What happened to held replies" parts={held} />
      </div>
      <DataTable
        caption="AI reply outcomes"
        columns={["Outcome", "Replies", "Share of AI replies"]}
        rows={[...decided, ...held].map((p) => ({ key: p.key, cells: [p.label, p.value.toLocaleString("en"), rate(p.value)] }))}
      />
    </div>
  );
}
