/**
 * Complaints, refund demands, anger and escalation in a customer message (English, Spanish,
 * French, German, Portuguese). Such messages default to a person rather than an automatic
 * reply: an upset customer who gets a canned answer gets more upset.
 *
 * Deliberately a small table of cues, not a model: each hit is explainable ("refund",
 * "damaged", "angry", "escalation", "shouting") and the inbox shows which kind fired.
 * A question *about* a policy ("what is your refund policy?") is not a demand and does not fire.
 */
export type ComplaintKind = "refund" | "damaged" | "angry" | "escalation" | "shouting";
export type ComplaintSignal = { complaint: boolean; cues: ComplaintKind[] };

/** Letters-only word boundaries (JavaScript's \b does not know "é" or "ü" are letters). */
const w = (alternatives: string) => new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, "iu");

const CUES: ReadonlyArray<readonly [ComplaintKind, RegExp]> = [
  // Refund demands (not questions about the refund policy).
  ["refund", w("(?:want|need|demand|expect|deserve|give me|get|asking for|request(?:ing)?|issue)\\s+(?:a\\s+|my\\s+|me\\s+a\\s+|the\\s+)?(?:full\\s+)?(?:refund|reimbursement)|refund me|money back|chargeback")],
  ["refund", w("quiero (?:un |mi )?(?:reembolso|dinero)|devu[ée]lvan(?:me)?|exijo|mi dinero de vuelta")],
  ["refund", w("(?:je veux|je demande|j'exige|remboursez[- ]moi)(?:\\s+\\p{L}+){0,3}\\s+rembours\\p{L}*|remboursez|rembourse[- ]moi|être remboursée?")],
  ["refund", w("geld zurück|(?:will|möchte|verlange|fordere) (?:eine |mein(?:e|en)? )?(?:rückerstattung|erstattung|geld)|erstatten sie")],
  ["refund", w("quero (?:um |o |meu )?(?:reembolso|dinheiro)|dinheiro de volta|devolvam|estorno")],
  // Something arrived damaged, wrong or never.
  ["damaged", w("damaged|broken|torn(?: open)?|ripped|smashed|crushed|leak(?:ed|ing)|spilled|defective|faulty|moldy|mouldy|never (?:arrived|came|received)|wrong (?:order|item|size|product)")],
  ["damaged", w("rot[oa]s?|dañad[oa]s?|roto|estropead[oa]s?|nunca (?:llegó|llego)|pedido equivocado")],
  ["damaged", w("cassée?s?|déchirée?s?|abîmée?s?|endommagée?s?|jamais (?:reçu|arrivé)e?s?")],
  ["damaged", w("kaputt|beschädigt|zerrissen|defekt|nie angekommen|falsche (?:lieferung|ware)")],
  ["damaged", w("rasgad[oa]s?|quebrad[oa]s?|danificad[oa]s?|estragad[oa]s?|nunca chegou")],
  // Anger.
  ["angry", w("unacceptable|ridiculous|disgusting|terrible|horrible|awful|worst|furious|angry|pissed(?: off)?|outraged|scam(?:mers?)?|rip-?off|fed up|sick of|disgrace|shameful|wtf|fuck\\p{L}*|shit\\p{L}*|crap")],
  ["angry", w("inaceptable|vergüenza|estafa\\p{L}*|pésim[oa]|indignad[oa]|harto|una mierda|fatal")],
  ["angry", w("inadmissible|inacceptable|scandaleux|honteux|arnaque\\p{L}*|nul(?:le)?|furieux|furieuse|en colère|n'importe quoi")],
  ["angry", w("unverschämt|inakzeptabel|frechheit|betrug|abzocke|sauerei|katastrophe|wütend|verärgert|scheiße|mist")],
  ["angry", w("inaceitável|absurdo|vergonha|golpe|péssim[oa]|revoltad[oa]|palhaçada|irritad[oa]")],
  // Escalation: legal, payment disputes, public reviews, managers.
  ["escalation", w("lawyers?|attorney|sue (?:you|your|them)|suing|lawsuit|legal action|small claims|dispute the charge|report (?:you|this)|bad review|(?:1|one)[- ]star|better business bureau|bbb|trading standards|(?:speak|talk) to (?:a|your|the) (?:manager|supervisor)")],
  ["escalation", w("abogad[oa]|denuncia\\p{L}*|demanda|queja formal|hoja de reclamaciones|profeco|reseña negativa")],
  ["escalation", w("avocat|plainte|porter plainte|réclamation|mauvais avis|service client est nul")],
  ["escalation", w("anwalt|anzeige|beschwerde|verbraucherzentrale|schlechte bewertung")],
  ["escalation", w("advogad[oa]|procon|reclame aqui|reclamação|avaliação negativa")],
];

/** A message mostly in capitals with an exclamation mark ("THIS IS A JOKE!") is shouting. */
function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12 || !text.includes("!")) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length;
  return upper / letters.length >= 0.6;
}

/** Finds complaint cues in (anonymised) customer text; never throws. */
export function detectComplaint(text: string): ComplaintSignal {
  if (typeof text !== "string" || text.trim() === "") return { complaint: false, cues: [] };
  const sample = text.slice(0, 5_000).normalize("NFC");
  const cues = new Set<ComplaintKind>();
  for (const [kind, pattern] of CUES) if (pattern.test(sample)) cues.add(kind);
  if (isShouting(sample)) cues.add("shouting");
  return { complaint: cues.size > 0, cues: [...cues] };
}
