import type { Intent } from "@/agents/intent/schema";
import { PLATFORMS } from "@/agents/reply/types";
import { normal, seededRandom } from "../../seeded-random";
import type { TrainingExample } from "./train-scorer";
import type { ScoreInput } from "../types";

/**
 * A seeded generator of plausible, labelled leads for training the DEFAULT scorer.
 *
 * There is no public dataset of social-media leads with won/lost outcomes, so the shipped
 * model is a prior learned from data drawn from the stated assumption below, not from real
 * outcomes. Each workspace replaces it with `trainScorer` on its own won/lost marks once it
 * has enough (see README.md in this folder).
 *
 * Generative assumption. Each lead has latent traits drawn with the rates in TRAIT_RATES
 * (per intent) and the profile/history distributions in `drawLead`. Its message text is
 * composed from phrase banks for the traits it has (English mostly, some es/fr/de), so the
 * model learns from features extracted from text, as in production. The outcome is
 *   won ~ Bernoulli(sigmoid(logit)),
 *   logit = OUTCOME_WEIGHTS.bias + Σ OUTCOME_WEIGHTS[trait] · trait + Normal(0, NOISE_SD)
 * i.e. the win probability rises with buying signals (pricing, demo/trial, purchase, plan,
 * budget, team size), most with explicit commitment (ready to pay, bulk or wholesale orders,
 * visits and pick-ups, a quantity), less with pre-sales questions; with urgency or a date next
 * to a buying signal, audience size, verification, repeat contact and engagement; and falls
 * with spam, support, negative sentiment, job/collab pitches, ignoring our replies and a cold
 * (stale) relationship. The weights are judgement, stated here so they can be argued with.
 * The phrase banks are written for this generator; the scorer's dev set
 * (tests/fixtures/scorer/) is kept apart from them.
 */
export const OUTCOME_WEIGHTS = {
  bias: -2.6,
  sales: 1.3,
  support: -0.7,
  other: -0.4,
  spam: -3.5,
  salesConfidence: 1.0, // × (confidence - 0.75), sales only
  pricing: 1.2,
  demo: 1.4,
  purchase: 0.9,
  plan: 0.5,
  urgent: 0.9,
  budget: 0.7,
  teamSize: 0.5,
  negative: -1.0,
  buyNow: 2.0,
  bulk: 1.6,
  visit: 1.5,
  quantity: 0.9,
  date: 0.6, // only next to a buying trait
  productQuestion: 0.6,
  notBuying: -2.0,
  log10Followers: 0.25, // × (log10(followers + 1) - 2), clipped to [-2, 3]
  verified: 0.5,
  repeatContact: 0.3, // × min(previous messages, 4)
  engaged: 0.8,
  ghosted: -0.9,
  stale: -0.8,
} as const;
export const NOISE_SD = 0.6;

type Trait =
  | "pricing" | "demo" | "purchase" | "plan" | "urgent" | "budget" | "teamSize" | "negative"
  | "buyNow" | "bulk" | "visit" | "quantity" | "date" | "productQuestion" | "notBuying";

const BUYING_TRAITS: readonly Trait[] = ["pricing", "demo", "purchase", "plan", "budget", "teamSize", "buyNow", "bulk", "visit", "quantity", "productQuestion"];

/** Probability of each trait given the intent. */
export const TRAIT_RATES: Record<Intent, Record<Trait, number>> = {
  sales: {
    pricing: 0.45, demo: 0.2, purchase: 0.35, plan: 0.25, urgent: 0.2, budget: 0.12, teamSize: 0.15, negative: 0.04,
    buyNow: 0.12, bulk: 0.08, visit: 0.12, quantity: 0.15, date: 0.15, productQuestion: 0.35, notBuying: 0.01,
  },
  support: {
    pricing: 0.06, demo: 0.02, purchase: 0.06, plan: 0.1, urgent: 0.3, budget: 0.02, teamSize: 0.04, negative: 0.35,
    buyNow: 0.01, bulk: 0.01, visit: 0.03, quantity: 0.03, date: 0.1, productQuestion: 0.05, notBuying: 0.01,
  },
  other: {
    pricing: 0.04, demo: 0.02, purchase: 0.04, plan: 0.02, urgent: 0.04, budget: 0.01, teamSize: 0.02, negative: 0.1,
    buyNow: 0.01, bulk: 0, visit: 0.03, quantity: 0.01, date: 0.05, productQuestion: 0.06, notBuying: 0.15,
  },
  spam: {
    pricing: 0.15, demo: 0.02, purchase: 0.2, plan: 0.02, urgent: 0.3, budget: 0.1, teamSize: 0.01, negative: 0.02,
    buyNow: 0.05, bulk: 0.05, visit: 0.01, quantity: 0.1, date: 0.1, productQuestion: 0.02, notBuying: 0.2,
  },
};
const INTENT_RATES: ReadonlyArray<readonly [Intent, number]> = [["sales", 0.45], ["support", 0.25], ["other", 0.2], ["spam", 0.1]];

const PRODUCTS = ["the Pro plan", "your CRM", "the starter kit", "a website redesign", "your catering", "the yoga classes", "this jacket", "your app"];
const PHRASES: Record<Trait | "opener" | "filler", readonly string[]> = {
  opener: ["Hi!", "Hello,", "Hey there,", "Hi [NAME_1] here.", "Good morning,", "Hola,", "Bonjour,", "Hallo,"],
  pricing: ["How much is {p}?", "What are your prices for {p}?", "Could you send me a quote for {p}?", "What does {p} cost?", "¿Cuánto cuesta {p}?", "Quel est le prix de {p} ?", "Was kostet {p}?"],
  demo: ["Can we book a demo?", "Is there a free trial?", "Could we schedule a call to see a walkthrough?", "Do you offer a trial of {p}?"],
  purchase: ["I'd like to order {p}.", "I want to buy {p}.", "Is {p} available?", "Can I sign up today?", "We're interested in {p}.", "Quiero comprar {p}."],
  plan: ["We're looking at the enterprise plan.", "Is the annual plan cheaper?", "How many seats does the business plan include?"],
  urgent: ["We need it ASAP.", "This is urgent.", "We need this by Friday.", "Can you do it today?", "Es urgente.", "C'est urgent."],
  budget: ["Our budget is around $5k.", "We have a budget of €2,000.", "Budget is about 10k."],
  teamSize: ["We're a team of {n}.", "It's for {n} employees.", "We have {n} users."],
  negative: ["This is really disappointing.", "Your app is broken and useless.", "Terrible service so far.", "I want a refund."],
  buyNow: ["I'll take it.", "How do I pay?", "Send me the payment link please.", "Count me in!", "Let's go ahead.", "Je le prends.", "Lo compro.", "Ich nehme es."],
  bulk: [
    "We need 150 of {p} for our shops.", "Do you offer wholesale rates? We have 5 locations.", "Looking to order 60 units of {p}.",
    "Wir möchten 40 Stück bestellen.", "Necesitamos 30 unidades para la tienda.", "Trade pricing for our 2 restaurants?",
  ],
  visit: ["Can I pick it up later?", "I'll stop by the shop.", "Could I come in to see it?", "Je passe demain.", "Kann ich vorbeikommen?", "Vou passar aí."],
  quantity: ["Can I get 2 of {p}?", "I'd like 3 of {p}.", "I want to order 2 of {p}.", "Quiero pedir 2 cajas.", "Je voudrais commander 4 boîtes."],
  date: ["It's for Saturday.", "We'd need it on the 12th.", "Next Tuesday would be ideal.", "Para el sábado.", "Am Freitag bitte."],
  productQuestion: [
    "Do you ship to Spain?", "Do you have it in other colours?", "Is it still in stock?", "Do you offer gift wrapping?",
    "Vous livrez en Belgique ?", "Habt ihr das auch in Grün?", "¿Tienen otros tamaños?",
  ],
  notBuying: ["We'd love to collab with you.", "Are you hiring?", "Can you repost my photo?", "Sponsorship opportunity for your brand!"],
  filler: ["I saw your post.", "Love what you do.", "My order hasn't arrived yet.", "I can't log in to my account.", "Great content as always!", "Follow me for free followers at [URL_1]!!!", "Just a quick message."],
};

/** `n` labelled examples drawn from the assumption above; the same seed gives the same data. */
export function generateSyntheticOutcomes(n: number, seed: number): TrainingExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => drawLead(random));
}

function drawLead(random: () => number): TrainingExample {
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  let roll = random();
  const intent = INTENT_RATES.find(([, p]) => (roll -= p) < 0)?.[0] ?? "other";
  const confidence = Math.min(0.99, 0.5 + 0.5 * random());
  const rates = TRAIT_RATES[intent];
  const traits = Object.fromEntries(
    (Object.keys(rates) as Trait[]).map((t) => [t, chance(rates[t])]),
  ) as Record<Trait, boolean>;

  const log10Followers = Math.min(7, Math.max(0, 2.3 + 0.9 * normal(random)));
  const followers = Math.round(10 ** log10Followers) - 1;
  const verified = chance(log10Followers > 4 ? 0.25 : 0.02);
  const previousMessages = chance(0.55) ? 0 : chance(0.67) ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 6);
  const daysSinceFirstContact = previousMessages > 0 ? 1 + Math.floor(random() * 120) : undefined;
  const daysSinceLastContact =
    daysSinceFirstContact !== undefined ? Math.min(daysSinceFirstContact, Math.round(-12 * Math.log(Math.max(random(), 1e-9)))) : undefined;
  const businessReplies = previousMessages > 0 ? Math.floor(random() * (previousMessages + 1)) : 0;
  let contactRepliesAfterBusiness = 0;
  for (let i = 0; i < businessReplies; i++) if (chance(0.6)) contactRepliesAfterBusiness++;

  const input: ScoreInput = {
    intent,
    confidence,
    text: composeText(traits, pick, chance),
    platform: pick(PLATFORMS),
    profile: { followers, verified },
    history: { previousMessages, daysSinceFirstContact, daysSinceLastContact, businessReplies, contactRepliesAfterBusiness },
  };

  const w = OUTCOME_WEIGHTS;
  const engaged = contactRepliesAfterBusiness > 0;
  const ghosted = businessReplies >= 2 && contactRepliesAfterBusiness === 0;
  const stale = (daysSinceLastContact ?? 0) > 30;
  const logit =
    w.bias +
    (intent === "sales" ? w.sales + w.salesConfidence * (confidence - 0.75) : 0) +
    (intent === "support" ? w.support : 0) +
    (intent === "other" ? w.other : 0) +
    (intent === "spam" ? w.spam : 0) +
    (traits.pricing ? w.pricing : 0) +
    (traits.demo ? w.demo : 0) +
    (traits.purchase ? w.purchase : 0) +
    (traits.plan ? w.plan : 0) +
    (traits.urgent ? w.urgent : 0) +
    (traits.budget ? w.budget : 0) +
    (traits.teamSize ? w.teamSize : 0) +
    (traits.negative ? w.negative : 0) +
    (traits.buyNow ? w.buyNow : 0) +
    (traits.bulk ? w.bulk : 0) +
    (traits.visit ? w.visit : 0) +
    (traits.quantity ? w.quantity : 0) +
    (traits.date && BUYING_TRAITS.some((t) => traits[t]) ? w.date : 0) +
    (traits.productQuestion ? w.productQuestion : 0) +
    (traits.notBuying ? w.notBuying : 0) +
    w.log10Followers * Math.min(3, Math.max(-2, Math.log10(followers + 1) - 2)) +
    (verified ? w.verified : 0) +
    w.repeatContact * Math.min(previousMessages, 4) +
    (engaged ? w.engaged : 0) +
    (ghosted ? w.ghosted : 0) +
    (stale ? w.stale : 0) +
    NOISE_SD * normal(random);
  return { input, won: random() < 1 / (1 + Math.exp(-logit)) };
}

function composeText(
  traits: Record<Trait, boolean>,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
): string {
  const product = pick(PRODUCTS);
  const parts: string[] = [];
  if (chance(0.6)) parts.push(pick(PHRASES.opener));
  const present = (Object.keys(traits) as Trait[]).filter((t) => traits[t]);
  if (present.length === 0 || chance(0.3)) parts.push(pick(PHRASES.filler));
  for (const trait of present) parts.push(pick(PHRASES[trait]));
  return parts
    .join(" ")
    .replace(/\{p\}/g, product)
    .replace(/\{n\}/g, String(pick([3, 8, 12, 25, 40, 120])));
}
