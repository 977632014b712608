/**
 * Text cues for how far along a buyer is: ready to buy now, wants to visit or pick up, orders
 * in bulk or for a business, names a date, asks a pre-sales question; and cues that a message
 * is not about buying at all (job applications, collaboration pitches). English plus common
 * Spanish, French, German, Portuguese and Italian forms. Used by detect-order-details.ts.
 */
const B = String.raw`(?<![\p{L}\p{N}])`; // unicode-aware word boundaries
const E = String.raw`(?![\p{L}\p{N}])`;
export const cue = (alternatives: string) => new RegExp(`${B}(?:${alternatives})${E}`, "iu");
export const cueAll = (alternatives: string) => new RegExp(`${B}(?:${alternatives})${E}`, "giu");

/** Asks to complete a purchase now: take it, pay, invoice, put me down, go ahead, reorder. */
export const BUY_NOW = cue(
  "i'?ll take (?:it|one|them|two|both|the|this|that|\\d+)|i'?ll buy|i'?ll have (?:it|one|two|the|\\d+)|sold|take my money|" +
    "(?:how|where|can) (?:do |can )?(?:i|we) pay|pay at the door|payment link|sending (?:the )?payment|" +
    "(?:send|email) (?:me|us) (?:the |an )?(?:invoice|contract|payment link|bank details)(?! for (?:my|our) (?:last|previous|past))|" +
    "put (?:me|us) down for|count (?:me|us) in|(?:happy|willing|ready) to pay|taking (?:it|them|one|both)|i'?m buying|we'?re buying|^buying|(?:do|can) you (?:take|accept) (?:paypal|cards?|credit cards?|cash|venmo|revolut|apple pay|google pay|bizum|mb ?way|pix|satispay)|(?:dm'?d|messaged|texted|sent) you (?:to|for) (?:pay|buy|order)|^(?:i )?want (?:the|this|that|these|those)(?! (?:fixed|sorted|resolved|refunded|cancel+ed|removed|deleted|gone|back|to stop))|hold (?:it|one|them|a|an|\\d+|two|three) (?:\\w+ )?for me|set (?:it|them|one) aside|me (?:lo |la |los |las )?guardas|gu[aá]rd(?:a|e)me|mettez-(?:le|la|les) de c[oô]t[ée]|zur[uü]cklegen|separa(?:r)? (?:pra|para) mim|add me to the list|let'?s (?:go ahead|do it)|go ahead with|ready to (?:buy|order|sign|move|go|start|book|pay)|" +
    "re-?order|i want (?:it|this|that|one|them|both)(?! (?:fixed|sorted|resolved|refunded|cancel+ed|removed|deleted|gone|back|to stop))|i (?:want|would like|'d like) to (?:buy|order|purchase) (?:it|this|that|one|these|them|both)|" +
    "lo compro|me lo llevo|me los llevo|c[oó]mo (?:pago|puedo pagar)|je (?:le |la |les )?prends|je peux payer|comment (?:je peux )?payer|" +
    "ich nehme|wie kann ich (?:be)?zahlen|eu quero esse|vou levar|como (?:eu )?pago|posso pagar|lo prendo|come (?:posso )?pago",
);

/**
 * A present or future visit: pick up, come in, stop by, bring it in, test ride. Past forms
 * ("picked up", "came by", "never coming back") deliberately do not match.
 */
export const VISIT: ReadonlyArray<{ pattern: RegExp; label: string }> = [
  { pattern: cue("pick(?:ing)? (?:it |them |one |those |these |\\w+ )?up|pickup|pick-up|collect (?:it|them|my|our)|click and collect|grab (?:it|them|some|one|a|the|two|\\d+)|" +
      "recoger|pasar a (?:buscar|recoger)|retirar|abholen|buscar (?:hoje|amanh[aã]|na loja)|venir chercher|passe (?:les |le |la )?chercher|ritirare"), label: "asks to pick up" },
  { pattern: cue("(?:i|we|i'?ll|we'?ll|i'?m|we'?re|gonna) (?:\\w+ ){0,2}come (?:in|by|over|down|round|and (?:see|try|test|pick))|coming (?:in|by|over|down|round)|stop by|stopping by|drop (?:by|in)|dropping (?:by|in)|pop (?:in|by|round)|popping (?:in|by)|swing by|" +
      "test (?:ride|drive)|walk in (?:today|tomorrow|later)|visit (?:the|your) (?:shop|store|showroom|studio|bakery|caf[eé])|" +
      "(?:voy|vamos|paso|pasamos) (?:a pasar|por (?:la|el|ah[ií])|en (?:un rato|media hora|\\d+))|pasar por|i can meet (?:today|tomorrow|tonight|now|later|up)|je passe|on passe|vorbeikommen|komme vorbei|kommen vorbei|vou passar|passo a[ií]|passo in negozio"), label: "wants to come in" },
  { pattern: cue("on my way|omw|be there in|see you (?:in|at|soon|later|today|tomorrow)|heading (?:over|down|your way)"), label: "on the way in" },
  { pattern: cue("bring (?:it|them|my \\w+|our \\w+|the \\w+) (?:in|over|by)|drop (?:it|them|my \\w+|the \\w+) off"), label: "wants to bring it in" },
  { pattern: cue("(?:can|could) (?:you|someone|somebody|anyone) (?:\\w+ )?come (?:out|over|round|around|by|and (?:fix|look|see|quote))|call-?out (?:today|tomorrow|asap)"), label: "asks for a visit" },
];

/** Booking a slot or a table: a sale for services. */
export const BOOKING = cue(
  "(?<!(?:my|our|your|the|la|mi|ma|meine?) )(?:book(?:ing)?(?! a (?:call|demo))|reserve|reservation|appointment)|confirm (?:the |a )?(?:date|booking|order|slot)|fit (?:me|us|him|her) in|enrol+|register|sign (?:me |us )?up|" +
    "(?:table|mesa|tavolo|tisch) (?:for|para|per|f[uü]r) (?:\\d+|two|three|four|five|six|eight|ten)|" +
    "reservar|cita|marcar|agendar|r[ée]server|rendez-vous|buchen|termin|prenotare|prenotazione",
);

/** Buying for resale or for a business, or in wholesale terms. */
export const WHOLESALE = cue(
  "wholesale|bulk|trade (?:price|pricing|account|rates?)|regular (?:supply|order|delivery)|standing order|set up an? (?:trade |wholesale |business )?account|supply (?:us|our)|stockist|reseller|resell|distributor|stock your|carry your|" +
    "por mayor|al por mayor|mayorista|en gros|grossiste|gro[ßs]handel|wiederverk[äa]ufer|ingrosso|rivenditore|atacado|revendedor",
);

/** Explicit want / need verbs that make a following quantity an order ("need 200 units"). */
export const ORDER_VERB =
  "need|needs|want|wants|would like|'d like|like to order|can i get|could i get|can we get|could we get|get me|looking for|order|buy|purchase|take|grab|reserve|book|pick up|add|" +
  "quiero|quisiera|necesito|necesitamos|pedir|comprar|encargar|voudrais|voudrions|veux|commander|acheter|prends|besoin de|" +
  "m[öo]chte|m[öo]chten|brauche|brauchen|bestellen|kaufen|quero|queria|preciso|precisamos|encomendar|vorrei|vorremmo|ordinare|comprare";

/** Words after a number that make it not a quantity of goods: time, money, social counts, ordinals. */
export const NOT_ITEMS = new RegExp(
  "^(?:s|st|nd|rd|th|am|pm|h|hr|hrs|hours?|mins?|minutes?|seconds?|days?|weeks?|months?|years?|yrs?|nights?|times?|o'?clock|" +
    "k|m|%|percent|usd|eur|gbp|dollars?|euros?|pounds?|bucks|cents?|followers?|likes?|views?|comments?|subscribers?|stars?|reviews?|" +
    "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|" +
    "d[ií]as?|semanas?|mes(?:es)?|a[ñn]os?|horas?|minutos?|jours?|semaines?|mois|ans|ann[ée]es?|heures?|tage?n?|wochen?|monate?n?|jahre?n?|stunden?|" +
    "anos?|giorni|settimane|mesi|anni|ore|euro|reais)$",
  "iu",
);

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20, fifty: 50, hundred: 100,
  "a couple of": 2, "a dozen": 12,
  dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, diez: 10, doce: 12, veinte: 20,
  deux: 2, trois: 3, quatre: 4, cinq: 5, dix: 10, douze: 12, vingt: 20,
  zwei: 2, drei: 3, vier: 4, "fünf": 5, sechs: 6, zehn: 10, "zwölf": 12, zwanzig: 20,
  duas: 2, dois: 2, "três": 3, quatro: 4, dez: 10, doze: 12, vinte: 20,
  tre: 3, quattro: 4, cinque: 5, dieci: 10, dodici: 12,
};

/** Where a number is counted: "3 stores", "our 4 cafés", "two locations". */
export const LOCATION_WORDS =
  "stores|shops|caf[eé]s|coffee shops|restaurants|locations|branches|bars|hotels|offices|sites|outlets|salons|gyms|studios|venues|" +
  "tiendas|locales|sucursales|restaurantes|magasins|boutiques|filialen|l[äa]den|gesch[äa]fte|lojas|unidades|negozi|punti vendita";

/** Buying for a business the sender runs: "for our café", "we run a bar", "für unser Büro". */
export const BUSINESS_BUYER = cue(
  "(?:for|to) (?:our|my) (?:caf[eé]|coffee shop|restaurant|bar|hotel|shop|store|office|salon|gym|studio|business|company|venue|team)|" +
    "we (?:run|own|have|manage) (?:a|an|two|three|four|\\d+) (?:caf[eé]|coffee shop|restaurant|bar|hotel|shop|store|salon|gym|deli|bakery|pub|bistro)s?|" +
    "para (?:mi|nuestro|nuestra) (?:caf[eé]|cafeter[ií]a|restaurante|bar|hotel|tienda|oficina|negocio|empresa)|" +
    "pour (?:mon|ma|notre) (?:caf[eé]|restaurant|bar|h[oô]tel|boutique|magasin|bureau|entreprise)|" +
    "f[uü]r (?:mein|meine|meinen|unser|unsere|unseren) (?:caf[eé]|restaurant|bar|hotel|laden|gesch[äa]ft|b[uü]ro|firma|team)|" +
    "para (?:o meu|a minha|o nosso|a nossa|meu|minha|nosso|nossa) (?:caf[eé]|restaurante|bar|hotel|loja|escrit[oó]rio|empresa)|" +
    "per (?:il|la|il mio|la mia|il nostro|la nostra) (?:bar|ristorante|hotel|negozio|ufficio|azienda)",
);

const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec";
const WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/** A day, date or time of day a request is for: "this afternoon", "Saturday the 14th", "June 7th", "at 8". */
export const WHEN = cueAll(
  `today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend|week|month|quarter)|after work|before (?:noon|lunch)|` +
    `next (?:week|month|quarter|${WEEKDAYS})|(?:this )?(?:${WEEKDAYS})(?: (?:the )?\\d{1,2}(?:st|nd|rd|th)?)?(?: (?:morning|afternoon|evening|night))?|` +
    `(?:(?:in|on|by|for|early|late|mid) )?(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?|(?:in|on|by|for|early|late|mid) (?:${MONTHS})|\\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTHS})|` +
    `the \\d{1,2}(?:st|nd|rd|th)|(?:at|by|around|before) \\d{1,2}(?::\\d{2})? ?(?:am|pm)?|\\d{1,2}(?::\\d{2})? ?(?:am|pm)|` +
    `\\d{1,2} (?:de )?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)|` +
    `hoy|ma[ñn]ana|esta (?:noche|tarde|semana)|este (?:fin de semana|s[áa]bado|domingo)|el (?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)|el mes que viene|` +
    `aujourd'hui|demain|ce soir|cet apr[eè]s-midi|ce week-?end|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|vers \\d{1,2} ?h|\\d{1,2}h\\d{0,2}|` +
    `heute(?: (?:abend|nachmittag|morgen))?|(?<!guten )morgen|(?:am )?(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)|n[äa]chste woche|` +
    `am \\d{1,2}\\. (?:januar|februar|m[äa]rz|april|mai|juni|juli|august|september|oktober|november|dezember)|` +
    `hoje|amanh[ãa]|esta noite|s[áa]bado|domingo|\\p{L}+-feira|semana que vem|pr[óo]xima semana|` +
    `oggi|domani|stasera|sabato|domenica|luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|settimana prossima`,
);

/** Pre-sales questions: what is on offer, whether it is in stock, delivery, opening hours. */
export const PRODUCT_QUESTIONS: ReadonlyArray<{ pattern: RegExp; label: string }> = [
  { pattern: cue("(?:do|does|can|could|will) (?:you|u|ya|they) (?:\\w+ )?(?:ship|deliver)|shipping to|delivery to|deliver(?:y)? (?:to|in)|how long does (?:the )?(?:delivery|shipping|postage) take|" +
      "(?:ship|post|send|deliver)(?:ed|ing)? (?:abroad|overseas|internationally)|env[ií]os?|(?:hacen|hac[eé]is) env[ií]os|vous livrez|livraison|liefert ihr|liefern sie|versand|entregam|fazem entrega|spedite|spedizione"), label: "asked about delivery" },
  { pattern: cue("(?:is|are) (?:it|this|that|they|these|those|the \\w+(?: \\w+){0,4}) (?:still )?(?:available|in stock|for sale|sold out)|in stock|still available|" +
      "(?:do|does) (?:you|u) (?:still )?(?:have|stock|carry)|will you have|what (?:sizes|colou?rs|flavou?rs)|come in (?:other|different|\\w+ )?(?:sizes|colou?rs)|" +
      "available in|any (?:left|places|spots|spaces)|(?:tienen|ten[eé]is|hay)|(?:vous )?avez|il reste|est-ce qu'il reste|habt ihr|haben sie|gibt es|t[êe]m|voc[êe]s t[êe]m|avete|c'[èe]"), label: "asked about availability" },
  { pattern: cue("(?:do|does|can|could) (?:you|u|ya) (?:\\w+ )?(?:sell|offer|do|make|cater|take|run|integrate|accept|provide|teach|shoot|fix|repair|install|print|design)|" +
      "where can i (?:buy|get|find)|what (?:do|would) you recommend|(?:which|what) (?:\\w+ )?(?:would|should|do) you (?:recommend|suggest|go for)|recommend|" +
      "what'?s the difference between|lead time|minimum order|gift cards?|payment plans?|discounts?|(?:is|are) (?:the )?(?:sale|offer|promo)|opening (?:hours|times)|open on|" +
      "(?:are|is) you(?:r \\w+)? (?:taking|accepting|open)|hac[eé]is|hacen|vous faites|bieten sie|bietet ihr|voc[êe]s fazem|fate"), label: "asked about the offer" },
  { pattern: cue("interested|keen on|thinking (?:of|about) (?:getting|buying|joining|booking|ordering|signing)|looking (?:for|to buy)|more (?:photos|pictures|info|information|details)|" +
      "(?:dm|send|pm) me (?:the )?(?:details|info|price|prices)|me interesa|estoy interesad[oa]|[çc]a m'int[ée]resse|int[ée]ress[ée]e?|interessiert|tenho interesse|interessad[oa]|mi interessa"), label: "showed interest" },
];

/**
 * Not a purchase: job applications, collaboration or sponsorship pitches, interviews, reposts,
 * and the offers spam makes (followers, likes, crypto, "check my page").
 */
export const NOT_BUYING = cue(
  "(?:free|real|cheap|buy|get|gain|more) (?:\\d+k? )?(?:real )?(?:followers|likes|views|subscribers)|crypto|forex|earn \\$\\d+|" +
    "investment opportunity|link in (?:my )?bio|check (?:out )?my (?:page|profile|channel)|seguidores gratis|" +
  "(?:like|want|love) to apply|looking for (?:a |an )?(?:\\w+ )?(?:role|job|position|internship|placement)|(?:any|job) openings|looking for staff|" +
    "(?:send|gift) me (?:some |a few )?(?:free )?(?:products?|samples|items)|free products?|products? to review|" +
    "apply(?:ing)? for (?:a |the )?(?:job|position|role)|my cv|r[ée]sum[ée]|hiring|internship|job (?:opening|offer|application)|vacanc(?:y|ies)|" +
    "collab(?:oration|orate)?|sponsor(?:ship)?|ambassador|partnership|in exchange for|repost|shout ?out|interview (?:you|your)|school project|student project|" +
    "empleo|busco trabajo|curr[ií]culum|candidatura|colaboraci[oó]n|emploi|candidature|bewerbung|kooperation|emprego|parceria|cerco lavoro|collaborazione",
);
