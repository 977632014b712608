import type { Kind, Lang, PoolText } from "./stream-types";

/**
 * Short texts that many different people send word for word, most frequent first (the stream
 * draws them with Zipf-like weights).
 */
export const DUPLICATE_TEXTS: readonly PoolText[] = [
  { kind: "sales", lang: "en", text: "price?" },
  { kind: "sales", lang: "en", text: "how much?" },
  { kind: "other", lang: "en", text: "❤️" },
  { kind: "sales", lang: "en", text: "interested" },
  { kind: "sales", lang: "es", text: "precio?" },
  { kind: "other", lang: "en", text: "🔥🔥🔥" },
  { kind: "sales", lang: "en", text: "Price pls" },
  { kind: "sales", lang: "en", text: "info" },
  { kind: "other", lang: "en", text: "hi" },
  { kind: "sales", lang: "en", text: "details please" },
  { kind: "support", lang: "en", text: "where is my order" },
  { kind: "sales", lang: "en", text: "available?" },
  { kind: "other", lang: "en", text: "😍" },
  { kind: "sales", lang: "pt", text: "preço?" },
  { kind: "sales", lang: "en", text: "link?" },
  { kind: "other", lang: "en", text: "Thanks!" },
  { kind: "sales", lang: "es", text: "info por favor" },
  { kind: "support", lang: "en", text: "refund?" },
  { kind: "sales", lang: "fr", text: "prix ?" },
  { kind: "other", lang: "en", text: "hello" },
  { kind: "sales", lang: "de", text: "Preis?" },
  { kind: "other", lang: "en", text: "👍" },
  { kind: "support", lang: "en", text: "cancel" },
  { kind: "sales", lang: "it", text: "prezzo?" },
  { kind: "other", lang: "en", text: "DM sent" },
];

/** A frequent question: the first wording is the canonical one, the others reword it lightly. */
export type Faq = { kind: Kind; lang: Lang; wordings: readonly string[] };

export const FAQS: readonly Faq[] = [
  { kind: "sales", lang: "en", wordings: ["How much is the Pro plan?", "What's the price of the Pro plan?", "pro plan price?", "How much does Pro cost per month?"] },
  { kind: "sales", lang: "en", wordings: ["Do you ship to Canada?", "Can you deliver to Canada?", "do u ship to canada", "Is shipping to Canada possible?"] },
  { kind: "sales", lang: "en", wordings: ["Is shipping free?", "Do you charge for shipping?", "free shipping?", "How much is delivery?"] },
  { kind: "sales", lang: "en", wordings: ["What plans do you have?", "What subscription options are there?", "which plans do you offer", "Can you tell me about your plans?"] },
  { kind: "sales", lang: "en", wordings: ["Do you sell wholesale?", "Do you do wholesale for cafés?", "wholesale pricing?", "Can restaurants buy from you in bulk?"] },
  { kind: "sales", lang: "en", wordings: ["Which coffee is best for espresso?", "What do you recommend for espresso?", "best blend for espresso?", "Which beans for an espresso machine?"] },
  { kind: "sales", lang: "en", wordings: ["When do you roast?", "What days do you roast the beans?", "how fresh is the coffee, when is it roasted?", "Roasting schedule?"] },
  { kind: "sales", lang: "en", wordings: ["How long does shipping take?", "How many days for delivery?", "shipping time?", "When would my order arrive?"] },
  { kind: "support", lang: "en", wordings: ["How do I cancel my subscription?", "How can I cancel my plan?", "cancel subscription how?", "I want to cancel, what are the steps?"] },
  { kind: "support", lang: "en", wordings: ["How do I pause my plan?", "Can I pause my subscription for a month?", "pause plan?", "Is it possible to put my plan on hold?"] },
  { kind: "support", lang: "en", wordings: ["My bag arrived damaged, what now?", "The bag came broken, can I get a new one?", "damaged bag, replacement?", "Got a damaged package, what should I do?"] },
  { kind: "support", lang: "en", wordings: ["Can I return an unopened bag?", "What's your return policy?", "returns?", "Can I send back a bag I haven't opened for a refund?"] },
  { kind: "support", lang: "en", wordings: ["Where is my order?", "My order hasn't arrived yet", "order status?", "When will my order get here? It's late"] },
  { kind: "sales", lang: "en", wordings: ["Do you ship to the EU?", "Can you send to Europe?", "ship to europe?", "Do you deliver in the European Union?"] },
  { kind: "sales", lang: "en", wordings: ["What is the minimum for wholesale?", "Minimum order for cafés?", "whats the wholesale minimum", "How many kg do I need to order for wholesale?"] },
  { kind: "sales", lang: "es", wordings: ["¿Hacen envíos a México?", "¿Envían a México?", "envios a mexico?", "¿Se puede enviar a México?"] },
  { kind: "support", lang: "es", wordings: ["¿Cómo cancelo mi suscripción?", "Quiero cancelar mi plan, ¿cómo hago?", "cancelar suscripción?", "¿Dónde puedo cancelar la suscripción?"] },
  { kind: "sales", lang: "fr", wordings: ["Vous livrez en Belgique ?", "Est-ce que vous expédiez en Belgique ?", "livraison belgique ?", "Peut-on commander depuis la Belgique ?"] },
  { kind: "sales", lang: "de", wordings: ["Was kostet der Versand?", "Wie hoch sind die Versandkosten?", "versandkosten?", "Ist der Versand kostenlos?"] },
  { kind: "support", lang: "pt", wordings: ["Como cancelo minha assinatura?", "Quero cancelar meu plano", "cancelar assinatura?", "Onde eu cancelo a assinatura?"] },
];
