import { pick, randInt, type Random } from "./random-helpers";

const WORDS = ["growfast", "cashflow", "promo", "starboost", "likes4u", "viralhub", "deal", "quickwin", "trendy", "socialup"];
const LINK_HOSTS = ["bit.ly", "tinyurl.com", "promo-deals.example", "free-gift.example", "verify-page.example", "fastgrowth.example"];
const MAIL_HOSTS = ["mailbox.test", "example.org", "post.example", "inbox.example"];
const PII_SLOTS = ["{email}", "{phone}", "{handle}", "{url}"] as const;

function code(random: Random, length: number): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

/**
 * Fills a pool text's slots with values drawn for this message: numbers, order numbers and
 * personal data (emails, phones, handles, links). `plainText` is the same text with the
 * personal-data slots left empty: what the pipeline's anonymiser leaves of it, near enough.
 */
export function fillSlots(template: string, random: Random, owner: string): { text: string; plainText: string } {
  const values: Record<string, () => string> = {
    "{n}": () => String(randInt(random, 2, 60)),
    "{order}": () => `#${randInt(random, 10_000, 99_999)}`,
    "{email}": () => `${owner.replace(/[^a-z0-9]/gi, "").toLowerCase()}${randInt(random, 1, 99)}@${pick(random, MAIL_HOSTS)}`,
    "{phone}": () => `+1 ${randInt(random, 201, 989)} 555 ${String(randInt(random, 0, 9999)).padStart(4, "0")}`,
    "{handle}": () => `@${pick(random, WORDS)}_${randInt(random, 1, 999)}`,
    "{url}": () => `${pick(random, LINK_HOSTS)}/${code(random, 6)}`,
  };
  let text = template;
  let plainText = template;
  for (const [slot, draw] of Object.entries(values)) {
    while (text.includes(slot)) {
      const value = draw();
      text = text.replace(slot, value);
      plainText = plainText.replace(slot, (PII_SLOTS as readonly string[]).includes(slot) ? "" : value);
    }
  }
  return { text, plainText: plainText.replace(/\s{2,}/g, " ").trim() };
}
