import { Badge } from "../ui/badge";
import { describeReplyFlags } from "./describe-reply";

/**
 * Why a reply was held as a draft, which guardrails it tripped and how it was written. `isDraft`
 * words the reason for a draft still waiting, or for one an agent has since dealt with.
 */
export function ReplyFlags({ flags, handoff, isDraft }: { flags: readonly string[]; handoff: boolean; isDraft: boolean }) {
  const described = describeReplyFlags(flags);
  const reasons = described.filter((f) => f.kind === "draft-reason");
  const badges = described.filter((f) => f.kind !== "draft-reason");
  if (!handoff && described.length === 0) return null;
  return (
    <div className="mt-2 space-y-1.5">
      {reasons.map((r) => (
        <p key={r.text} className="text-xs text-slate-700">
          <span className="font-medium">{isDraft ? "Not sent automatically:" : "Held for review:"}</span> {r.text}.
        </p>
      ))}
      {handoff || badges.length > 0 ? (
        <ul aria-label="Reply flags" className="flex flex-wrap gap-1.5">
          {handoff ? (
            <li><Badge tone="amber" title="The AI handed this conversation to a person">Hand-off: needs a human</Badge></li>
          ) : null}
          {badges.map((f) => (
            <li key={f.text}><Badge tone={f.kind === "guardrail" ? "red" : "slate"}>{f.text}</Badge></li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
