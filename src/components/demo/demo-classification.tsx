import { IntentBadge } from "@/components/ui/intent-badge";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { TierBadge } from "@/components/ui/tier-badge";

type Conversation = RouterOutputs["inbox"]["get"];

/** What the agents concluded about the message: intent and confidence, and the lead's tier and score. */
export function DemoClassification({ message, lead }: { message: Conversation["messages"][number]; lead: Conversation["lead"] }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Behind the scenes</p>
      <dl className="mt-2 grid gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700">Intent</dt>
        <dd>{message.intent ? <IntentBadge intent={message.intent} confidence={message.intentConfidence} /> : "Unknown"}</dd>
        <dt className="font-medium text-slate-700">Lead</dt>
        <dd>
          {lead ? (
            <>
              <TierBadge tier={lead.tier} score={lead.score} />
              {lead.reason ? <span className="mt-1 block text-slate-600">{lead.reason}</span> : null}
            </>
          ) : (
            "Not scored"
          )}
        </dd>
      </dl>
    </div>
  );
}
