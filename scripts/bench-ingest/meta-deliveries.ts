import { signMetaBody, metaJson } from "../../tests/fakes/meta/deliver-webhook";
import { batch, messengerMessage } from "../../tests/fakes/meta/webhook-payloads";

/** What a Messenger inbox receives; non-ASCII on purpose (Meta escapes it, the signature covers the escapes). */
const TEXTS = [
  "Hi! How much is the Pro plan per month? I'd like to order today.",
  "Do you ship to Canada? We'd need about 12 kg a month for the office.",
  "My bag arrived damaged, how do I get a replacement?",
  "Is shipping free on the Pro plan? Ready to buy if so 🙂",
  "Can I return an unopened bag for a refund?",
  "great photo! where was this taken? ☀️",
] as const;

export type Delivery = { body: string; signature: string; entries: number };

export function benchPageId(index: number): string {
  return `9100${String(index).padStart(8, "0")}`;
}

/**
 * Signed Messenger deliveries with unique mids: the entries of a body are consecutive messages,
 * message n going to Page `n mod pages`. Every fifth round of a Page repeats the previous
 * round's customer (the same conversation), as in a real inbox where some people write twice.
 * `run` must be digits: it prefixes the numeric customer ids (PSIDs are numeric).
 */
export function createDeliveries(opts: { run: string; pages: number; entriesPerBody: number; appSecret: string }) {
  let seq = 0;
  const message = () => {
    const n = seq++;
    const page = n % opts.pages;
    const round = Math.floor(n / opts.pages);
    const customerRound = round % 5 === 4 ? round - 1 : round;
    return messengerMessage({
      pageId: benchPageId(page),
      customerId: `${opts.run}${String(page).padStart(5, "0")}${customerRound}`,
      mid: `m_bench_${opts.run}_${n}`,
      text: TEXTS[n % TEXTS.length]!,
    });
  };
  return {
    next(): Delivery {
      const body = metaJson(batch(...Array.from({ length: opts.entriesPerBody }, message)));
      return { body, signature: signMetaBody(body, opts.appSecret).sha256, entries: opts.entriesPerBody };
    },
    /** Messages built so far. */
    get built() {
      return seq;
    },
  };
}
