import type { Intent } from "@/agents/intent/schema";

export type Register = "formal" | "friendly" | "neutral";
export type ToneStyle = { register: Register; emoji: boolean };

const FORMAL_CUES =
  /\b(?:formal|professional|polite|courteous|respectful|business-?like|corporate|no slang|sir|madam|sie)\b/giu;
const FRIENDLY_CUES =
  /\b(?:friendly|casual|warm|relaxed|fun|playful|informal|conversational|chatty|upbeat|cheerful|first names?|not (?:too |overly |very )?formal)\b/giu;
const NEGATED_FORMAL = /\bnot (?:too |overly |very )?formal\b/giu;
const EMOJI_WORD = /\bemojis?\b|\bemoticons?\b/iu;
const NO_EMOJI = /\b(?:no|avoid|without|never|don'?t use|do not use|zero)\b[^.!?\n]{0,20}\bemo(?:ji|ticon)s?\b/iu;

/** Reads the admin's tone guidelines for register ("formal", "friendly") and emoji cues. */
export function detectTone(guidelines: string): ToneStyle {
  const formal = (guidelines.match(FORMAL_CUES)?.length ?? 0) - (guidelines.match(NEGATED_FORMAL)?.length ?? 0);
  const friendly = guidelines.match(FRIENDLY_CUES)?.length ?? 0;
  const register: Register = formal > friendly ? "formal" : friendly > formal ? "friendly" : "neutral";
  const emojiAllowed =
    !NO_EMOJI.test(guidelines) && (EMOJI_WORD.test(guidelines) || /\p{Extended_Pictographic}/u.test(guidelines));
  return { register, emoji: emojiAllowed };
}

type Template = { greeting: (intent: Intent, company: string) => string; closing: (company: string) => string };

/**
 * Wrappers around the extracted knowledge. They state no facts, prices, dates or promises
 * (the guardrails would reject them) and name the company only when one is configured.
 */
export const TONE_TEMPLATES: Record<Register, Template> = {
  formal: {
    greeting: (intent, company) =>
      intent === "sales" && company
        ? `Hello, and thank you for your interest in ${company}.`
        : intent === "support"
          ? "Hello, and thank you for contacting us."
          : "Hello, and thank you for your message.",
    closing: (company) =>
      `Please let us know if you have any further questions.${company ? ` Kind regards, ${company}` : ""}`,
  },
  friendly: {
    greeting: (intent, company) =>
      intent === "sales" && company
        ? `Hi there! Thanks for your interest in ${company}.`
        : intent === "support"
          ? "Hi there! Thanks for getting in touch."
          : "Hi there! Thanks for your message.",
    closing: (company) => `Anything else, just let us know!${company ? ` – ${company}` : ""}`,
  },
  neutral: {
    greeting: (_intent, company) => (company ? `Hi, thanks for reaching out to ${company}.` : "Hi, thanks for reaching out."),
    closing: () => "Let us know if you have any other questions.",
  },
};

export function greetingFor(style: ToneStyle, intent: Intent, company: string): string {
  // "Demo Coffee Co." must not end a sentence as "Co..".
  const text = TONE_TEMPLATES[style.register].greeting(intent, company).replace(/\.\.$/, ".");
  return style.emoji ? `${text} 😊` : text;
}

export function closingFor(style: ToneStyle, company: string): string {
  return TONE_TEMPLATES[style.register].closing(company);
}
