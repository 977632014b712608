/** The demo workspace a newcomer lands in: a small coffee-subscription shop. */
export const DEMO_WORKSPACE = {
  id: "ws_demo_workspace",
  name: "Demo Coffee Co.",
  slug: "demo-coffee-co",
  toneGuidelines: "Warm, upbeat and concise. Use the customer's first language. One emoji at most. Sign off as 'the Demo Coffee team'.",
};

export const DEMO_PASSWORD = "demo-password-2026";

export const DEMO_USERS = [
  { email: "admin@demo.leadline.local", name: "Ada Admin", role: "ADMIN" },
  { email: "agent@demo.leadline.local", name: "Alex Agent", role: "AGENT" },
  { email: "viewer@demo.leadline.local", name: "Vic Viewer", role: "VIEWER" },
] as const;

export const DEMO_ARTICLES = [
  {
    title: "Subscription plans and pricing",
    body: "The Starter plan costs $12 per month and ships one 250 g bag every month. The Pro plan costs $29 per month and ships three bags. The Team plan is for offices: $89 per month for 2 kg of coffee. You can pause or cancel any plan at any time from your account page.",
    tags: ["pricing", "plans"],
  },
  {
    title: "Shipping",
    body: "We ship to the United States, Canada and the European Union. Orders placed before 2 pm ship the same day. Standard shipping takes 3 to 5 business days and is free on the Pro and Team plans.",
    tags: ["shipping"],
  },
  {
    title: "Returns and refunds",
    body: "If a bag arrives damaged, send us a photo within 14 days and we will send a replacement. Unopened bags can be returned within 30 days for a full refund.",
    tags: ["returns", "support"],
  },
  {
    title: "Wholesale and cafés",
    body: "Cafés and restaurants can apply for wholesale pricing with a minimum order of 10 kg per month. Our sales team answers wholesale requests within one business day.",
    tags: ["wholesale", "sales"],
  },
  {
    title: "Roasts and brewing",
    body: "We roast every Monday and Thursday. The house blend is a medium roast with notes of chocolate and caramel. For espresso we recommend the Dark Harbor blend.",
    tags: ["product"],
  },
];
