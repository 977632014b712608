import { PLACEHOLDER_PATTERN, type PiiKind, type PlaceholderMap } from "./placeholders";

/** Puts every original value back (for showing a message to an authorised agent). */
export function rehydrate(text: string, mapping: PlaceholderMap): string {
  return text.replace(PLACEHOLDER_PATTERN, (placeholder) => mapping[placeholder] ?? placeholder);
}

export type ReplyVisibility = "private" | "public";

/**
 * What a reply to the customer may contain for each kind of redacted value. Addressing the
 * customer by name is fine (and confirming an order number in a private message); repeating
 * their email, phone, card, address, bank details, birth date or links back to them is never
 * necessary, and in a public comment thread it would publish them. Those become a neutral
 * phrase instead. On public surfaces the platform already addresses the author, so handles are
 * not repeated either.
 */
export const REPLY_PII_POLICY: Record<PiiKind, { private: boolean; public: boolean; phrase: string }> = {
  NAME: { private: true, public: true, phrase: "" },
  HANDLE: { private: false, public: false, phrase: "" },
  EMAIL: { private: false, public: false, phrase: "your email address" },
  PHONE: { private: false, public: false, phrase: "your phone number" },
  URL: { private: false, public: false, phrase: "the link you shared" },
  CARD: { private: false, public: false, phrase: "your card details" },
  ADDRESS: { private: false, public: false, phrase: "your address" },
  IBAN: { private: false, public: false, phrase: "your bank details" },
  DOB: { private: false, public: false, phrase: "your date of birth" },
  // An order or tracking number may be confirmed back in a private message, never in public.
  ORDER: { private: true, public: false, phrase: "your order" },
  TRACKING: { private: true, public: false, phrase: "your tracking number" },
};

/**
 * Re-hydrates a generated reply under REPLY_PII_POLICY: allowed kinds get their original
 * value, everything else (and any placeholder the model invented) its neutral phrase.
 */
export function rehydrateReply(text: string, mapping: PlaceholderMap, visibility: ReplyVisibility): string {
  const restored = text.replace(PLACEHOLDER_PATTERN, (placeholder, kind: PiiKind) => {
    const original = mapping[placeholder];
    return original !== undefined && REPLY_PII_POLICY[kind][visibility] ? original : placeholder;
  });
  return stripPlaceholders(restored);
}

/** Replaces every remaining placeholder with its neutral phrase and tidies the gaps left. */
export function stripPlaceholders(text: string): string {
  return text
    .replace(PLACEHOLDER_PATTERN, (_placeholder, kind: PiiKind) => REPLY_PII_POLICY[kind].phrase)
    .replace(/[ \t]+([,.!?;:])/g, "$1") // "Hi ," -> "Hi,"
    .replace(/([,;:])(?=[,.!?;:])/g, "") // "Hi,!" -> "Hi!"
    .replace(/[ \t]{2,}/g, " ")
    .replace(/^[ \t]+|[ \t]+$/gm, "");
}
