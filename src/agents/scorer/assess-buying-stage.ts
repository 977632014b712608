import type { Intent } from "@/agents/intent/schema";
import type { OrderDetails } from "./detect-order-details";

/**
 * How far along a buyer is, the way a salesperson reads a message:
 * - "commit": explicit buying intent with something concrete: ready to pay or take it, a visit
 *   or pick-up, a quantity of goods, wholesale for named outlets or a business, or an order /
 *   booking / demo / "we need it" tied to a date or a headcount.
 * - "pre-sales": interest without commitment: price, availability, delivery, what is on offer,
 *   a trial, a plan, a budget; or any question the intent classifier calls sales.
 * - "none": no buying interest, and always for complaints (negative sentiment) and for job,
 *   collaboration or promotion requests.
 */
export type BuyingStage = "commit" | "pre-sales" | "none";

export type StageCues = {
  intent: Intent;
  question: boolean;
  pricing: boolean;
  purchase: boolean;
  demo: boolean;
  plan: boolean;
  budget: boolean;
  urgent: boolean;
  negative: boolean;
  details: OrderDetails;
};

export function assessBuyingStage(cues: StageCues): BuyingStage {
  const d = cues.details;
  if (cues.negative || d.notBuying) return "none";
  const dated = d.when !== undefined || cues.urgent;
  const asks = cues.purchase || cues.demo || d.booking || d.request;
  const wholesaleForABusiness = d.wholesale && ((d.locations ?? 0) >= 2 || d.quantity !== undefined || d.businessBuyer);
  if (d.buyNow || d.visit || d.quantity || wholesaleForABusiness || (asks && (dated || (d.headcount ?? 0) > 0))) return "commit";
  const interested =
    cues.pricing || cues.purchase || cues.demo || cues.plan || cues.budget || d.booking || d.wholesale || d.productQuestion !== undefined;
  if (interested || (cues.intent === "sales" && cues.question)) return "pre-sales";
  return "none";
}
