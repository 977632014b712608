import { z } from "zod";

const budgetInputSchema = z.object({
  /**
   * The workspace's monthly AI budget in USD. null/undefined = no budget set (unlimited);
   * 0 = spend nothing (local models only), which is what an admin typing 0 means.
   */
  monthlyBudgetUsd: z.number().finite().nonnegative().nullish(),
  spentThisMonthUsd: z.number().finite().nonnegative(),
});

export type BudgetInput = z.input<typeof budgetInputSchema>;

export interface BudgetDecision {
  allowLlm: boolean;
  /** Why the LLM is off, for the run record and the admin UI. */
  reason?: string;
  /** USD left this month; null when unlimited. */
  remainingUsd: number | null;
}

/**
 * Whether the next agent call may use a paid model. Once spend reaches the budget the agents
 * degrade to their local models until the month rolls over (docs/architecture.md#tenancy-and-security, "Limits"). One call in
 * flight can overshoot by its own cost; calls are cents, so a hard reservation is not worth it.
 */
export function decideBudget(input: BudgetInput): BudgetDecision {
  const { monthlyBudgetUsd, spentThisMonthUsd } = budgetInputSchema.parse(input);
  if (monthlyBudgetUsd == null) return { allowLlm: true, remainingUsd: null };
  const remainingUsd = Math.max(0, monthlyBudgetUsd - spentThisMonthUsd);
  if (monthlyBudgetUsd === 0) {
    return { allowLlm: false, reason: "monthly AI budget is 0: local models only", remainingUsd };
  }
  if (remainingUsd <= 0) {
    return {
      allowLlm: false,
      reason: `monthly AI budget of $${monthlyBudgetUsd.toFixed(2)} is spent: local models until next month`,
      remainingUsd,
    };
  }
  return { allowLlm: true, remainingUsd };
}
