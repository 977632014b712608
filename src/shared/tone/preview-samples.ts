/** Sample customer messages for Settings' tone preview (original text; the admin may also type one). */
export const TONE_PREVIEW_SAMPLES = [
  { id: "price", label: "Asks about prices", intent: "sales", text: "Hi! How much does your plan cost per month? I'd like to order today." },
  { id: "shipping", label: "Asks about shipping", intent: "support", text: "Hello, how long does standard shipping take?" },
  { id: "returns", label: "Asks about returns", intent: "support", text: "Can I return an unopened order for a refund?" },
] as const satisfies ReadonlyArray<{ id: string; label: string; intent: "sales" | "support"; text: string }>;
