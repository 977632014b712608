import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "../../src/server/channels/demo/sign-demo-payload";

export type MessageKind = "sales" | "support" | "spam" | "other";

/**
 * Realistic inbound traffic for the demo coffee shop: 60% sales/support questions the demo
 * knowledge base answers (src/server/demo/demo-content.ts), 20% spam, 20% other. Some carry
 * contact details, as real DMs do.
 */
const TEMPLATES: Record<MessageKind, readonly string[]> = {
  sales: [
    "Hi! How much is the Pro plan per month? I'd like to order today.",
    "What does the Starter plan cost? Thinking of getting it for my partner.",
    "Do you ship to Canada? Want to order the Team plan for our office of {n}.",
    "How much is the Team plan for an office? We drink a lot of coffee 😅",
    "Do you do wholesale pricing for cafés? We'd need about {n} kg a month. Reach me at owner{n}@cafe-example.com",
    "Is shipping free on the Pro plan? Ready to buy if so",
    "Which blend do you recommend for espresso? Looking to order this week",
    "How fast do you ship to the EU? I want to order the Pro plan",
  ],
  support: [
    "My bag arrived damaged, how do I get a replacement?",
    "Can I return an unopened bag for a refund? Order #{n}",
    "How do I pause my subscription? I'm travelling next month",
    "I want to cancel my plan, how do I do that?",
    "My order hasn't shipped yet, when do you ship orders? call me on +1 416 555 {n4}",
    "How long does standard shipping take? Still waiting on order {n}",
  ],
  spam: [
    "🔥🔥 FREE 10K FOLLOWERS!!! click bit.ly/xx{n} now, dm @growfast_bot 🚀🚀",
    "Make $500 a day from home, DM @fastcash{n} to learn how 💰💰",
    "Your page will be disabled. Verify your account here: meta-appeal{n}.co",
    "Promote your page to 1M people for $9!! visit cheap-promo{n}.biz",
  ],
  other: [
    "love this ❤️ what song is in the video?",
    "haha your cat in the last post 😂",
    "great photo! where was this taken?",
    "Happy friday everyone ☀️",
    "congrats on {n} followers!",
  ],
};

/** Deterministic 60/20/20 mix, split 35/25 between sales and support. */
function kindFor(i: number): MessageKind {
  const slot = i % 20;
  return slot < 7 ? "sales" : slot < 12 ? "support" : slot < 16 ? "spam" : "other";
}

export type DemoMessage = { index: number; kind: MessageKind; text: string };

export function demoMessage(i: number): DemoMessage {
  const kind = kindFor(i);
  const templates = TEMPLATES[kind];
  const template = templates[Math.floor(i / 20) % templates.length] ?? templates[0]!;
  const n = String(10 + (i % 90));
  return { index: i, kind, text: template.replaceAll("{n4}", String(1000 + (i % 9000))).replaceAll("{n}", n) };
}

export type Channel = { externalId: string; secret: string };

/** The Demo channel's webhook body for message `i` of a run, signed like a platform would. */
export function signedDemoWebhook(run: string, i: number, channel: Channel, customers: number) {
  const message = demoMessage(i);
  const customer = i % customers;
  const body = JSON.stringify({
    channelId: channel.externalId,
    messageId: `${run}-m${i}`,
    customer: { id: `${run}-c${customer}`, name: `Customer ${customer}`, handle: `cust_${customer}`, followers: (customer * 37) % 5_000, verified: customer % 50 === 0 },
    text: message.text,
    sentAt: new Date().toISOString(),
  });
  const headers = new Headers({ "content-type": "application/json", [DEMO_SIGNATURE_HEADER]: signDemoPayload(body, channel.secret) });
  return { message, body, headers, platformMessageId: `${run}-m${i}` };
}
