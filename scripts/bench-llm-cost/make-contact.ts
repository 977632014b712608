import { normal } from "../../src/agents/seeded-random";
import type { Contact } from "./stream-types";
import { pick, randInt, type Random } from "./random-helpers";

const FIRST = ["Aiko", "Bruno", "Chiara", "Dario", "Elif", "Farah", "Goran", "Hiro", "Ines", "Jonas", "Kavya", "Leila", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rania", "Sven", "Tomasz", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia"];
const LAST = ["Adeyemi", "Berg", "Castillo", "Dubois", "Eriksen", "Fontana", "Gallo", "Horvat", "Ivanova", "Jensen", "Kaur", "Lindqvist", "Moreno", "Novak", "Okoro", "Petrov", "Quist", "Rahman", "Sato", "Teixeira"];
const BOT_WORDS = ["promo", "growth", "deals", "crypto", "followers", "boost", "win", "gift", "support", "verify"];

/**
 * Contact number `k` of the stream: a person (a name, a handle, followers roughly log-normal
 * around a few hundred, 2% verified) or, for a spam burst, a throwaway account with few followers.
 */
export function makeContact(k: number, random: Random, bot: boolean): Contact {
  const id = `c${String(k).padStart(5, "0")}`;
  if (bot) {
    const handle = `${pick(random, BOT_WORDS)}.${pick(random, BOT_WORDS)}${randInt(random, 10, 9999)}`;
    return { id, name: handle, handle, followers: randInt(random, 0, 40), verified: false, bot: true };
  }
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const followers = Math.max(0, Math.round(Math.exp(5.5 + 1.6 * normal(random))));
  return { id, name: `${first} ${last}`, handle: `${first}.${last}${randInt(random, 1, 99)}`.toLowerCase(), followers, verified: random() < 0.02, bot: false };
}
