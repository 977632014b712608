import type { KnowledgeSnippet, ReplyInput } from "../../../src/agents/reply/types";

/** A small knowledge base shared by the reply tests. */
export const KNOWLEDGE: KnowledgeSnippet[] = [
  {
    id: "kb-pricing",
    title: "Pricing and plans",
    body:
      "Our Starter plan costs $29 per month and includes 3 seats. The Pro plan costs $79 per month with unlimited seats. " +
      "All plans include a 14-day free trial. See https://acme.com/pricing for a full comparison.",
    rank: 0.6,
  },
  {
    id: "kb-shipping",
    title: "Shipping",
    body:
      "We ship to the US, Canada and the UK. Orders placed before 2 pm ship the same day. " +
      "Delivery takes 3-5 business days.",
    rank: 0.3,
  },
  {
    id: "kb-refunds",
    title: "Refunds",
    body: "You can request a refund within 30 days of purchase. Email support@acme.com with your order number.",
    rank: 0.2,
  },
];

export function replyInput(overrides: Partial<ReplyInput> = {}): ReplyInput {
  return {
    message: "Hi, how much is the Pro plan?",
    intent: "sales",
    tone: { companyName: "Acme", guidelines: "Friendly and concise." },
    platform: "facebook",
    knowledge: KNOWLEDGE,
    ...overrides,
  };
}
