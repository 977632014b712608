import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TIERS, type TierValue } from "@/shared/vocabulary";

export { TIERS };
export type Tier = TierValue;

export const TIER_LABELS: Record<Tier, string> = { HOT: "Hot", WARM: "Warm", COLD: "Cold" };

const TONES: Record<Tier, BadgeTone> = { HOT: "orange", WARM: "amber", COLD: "sky" };

/** Lead tier, optionally with the 0-100 score beside it. */
export function TierBadge({ tier, score }: { tier: Tier; score?: number }) {
  return (
    <Badge tone={TONES[tier]} title={score === undefined ? "Lead tier" : `Lead tier ${TIER_LABELS[tier]}, score ${score} of 100`}>
      <span className="sr-only">Lead tier: </span>
      {TIER_LABELS[tier]}
      {score === undefined ? null : (
        <span className="font-normal tabular-nums">
          <span aria-hidden="true">·</span> <span className="sr-only">score </span>{score}
        </span>
      )}
    </Badge>
  );
}
