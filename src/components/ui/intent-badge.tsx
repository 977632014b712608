import type { RouterOutputs } from "@/components/trpc/router-types";
import { Badge, type BadgeTone } from "./badge";
import { formatPercent } from "./format-numbers";

export type Intent = NonNullable<RouterOutputs["inbox"]["get"]["messages"][number]["intent"]>;

export const INTENT_LABELS: Record<Intent, string> = { SALES: "Sales", SUPPORT: "Support", SPAM: "Spam", OTHER: "Other" };

const TONES: Record<Intent, BadgeTone> = { SALES: "emerald", SUPPORT: "sky", SPAM: "red", OTHER: "slate" };

/** The classifier's intent, with its confidence when known. */
export function IntentBadge({ intent, confidence }: { intent: Intent; confidence?: number | null }) {
  return (
    <Badge tone={TONES[intent]} title="Intent detected by the classifier">
      <span className="sr-only">Intent: </span>
      {INTENT_LABELS[intent]}
      {confidence !== undefined && confidence !== null ? <span className="font-normal">· {formatPercent(confidence)}</span> : null}
    </Badge>
  );
}
