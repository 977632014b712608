import type { Kind, Lang } from "./stream-types";

type Line = readonly [kind: Kind, text: string];

/** One contact's conversation, in order; a thread takes its first 5-15 lines, padded with follow-ups. */
export type ThreadScript = { lang: Lang; lines: readonly Line[] };

export const THREAD_SCRIPTS: readonly ThreadScript[] = [
  {
    lang: "en",
    lines: [
      ["sales", "Hi! I run a small café downtown"],
      ["sales", "We're looking for a new espresso supplier"],
      ["sales", "What's your wholesale minimum?"],
      ["sales", "And do you ship to Canada?"],
      ["sales", "How quickly after roasting does it ship?"],
      ["sales", "Could we get a sample of the Dark Harbor blend first?"],
      ["sales", "We'd probably need around 15 kg a month"],
      ["sales", "Is the price per kg lower above 20 kg?"],
      ["sales", "Do you invoice monthly?"],
      ["sales", "Sounds good, what are the next steps?"],
      ["other", "Thanks for the quick answers!"],
      ["sales", "Can someone from sales call me tomorrow? {phone}"],
    ],
  },
  {
    lang: "en",
    lines: [
      ["support", "Hi, my box arrived today and one bag was split open"],
      ["support", "Coffee everywhere in the box 😩"],
      ["support", "Order {order}"],
      ["support", "Do you need a photo?"],
      ["support", "Sent the photo just now"],
      ["support", "Will the replacement come with my next delivery or separately?"],
      ["support", "Also the other bag smells a bit flat, is that normal?"],
      ["support", "Hello? any update?"],
      ["support", "Ok thanks. How long until it ships?"],
      ["other", "Appreciate it"],
    ],
  },
  {
    lang: "en",
    lines: [
      ["sales", "Hey, I want to get a subscription for my brother's birthday"],
      ["sales", "He loves dark roasts"],
      ["sales", "Which plan would you pick for one person?"],
      ["sales", "Can it start next month instead of now?"],
      ["sales", "Can I add a gift note?"],
      ["sales", "He lives in Lyon, do you ship to France?"],
      ["sales", "How much would 6 months of Starter be in total?"],
      ["sales", "Do I pay monthly or all upfront?"],
      ["sales", "Perfect, ordering now"],
      ["other", "Thank you!!"],
    ],
  },
  {
    lang: "en",
    lines: [
      ["support", "I think I was billed twice for my Pro plan"],
      ["support", "Two charges on the 3rd of this month"],
      ["support", "Same amount, 29 dollars each"],
      ["support", "Can you refund one of them?"],
      ["support", "How many days will the refund take?"],
      ["support", "Also I want to change the card on file"],
      ["support", "Where do I do that in the account page?"],
      ["support", "Found it, thanks"],
      ["support", "Still see both charges today btw"],
      ["support", "Any news on the refund?"],
      ["other", "Great, it shows now. Thanks"],
    ],
  },
  {
    lang: "es",
    lines: [
      ["sales", "¡Hola! Tengo una oficina de 20 personas"],
      ["sales", "¿El plan Team alcanza para todos?"],
      ["sales", "¿Cuánto café trae al mes?"],
      ["sales", "¿Hacen envíos a Madrid?"],
      ["sales", "¿El envío es gratis?"],
      ["sales", "¿Puedo pagar con factura de empresa?"],
      ["sales", "¿Tienen descafeinado?"],
      ["sales", "Perfecto, ¿cómo me suscribo?"],
      ["other", "¡Muchas gracias!"],
    ],
  },
  {
    lang: "en",
    lines: [
      ["other", "I love your posts so much"],
      ["other", "The latte art video was amazing"],
      ["other", "Do you train baristas?"],
      ["sales", "Actually I might buy a bag, do you sell single bags?"],
      ["sales", "Which one is the least bitter?"],
      ["sales", "Is the house blend good with milk?"],
      ["other", "My partner says your logo looks like a cat 😂"],
      ["sales", "Ok, how much for the house blend then?"],
      ["other", "cool"],
      ["other", "have a nice day!"],
    ],
  },
  {
    lang: "fr",
    lines: [
      ["support", "Bonjour, ma commande n'est pas arrivée"],
      ["support", "Le suivi indique livré depuis trois jours"],
      ["support", "Je n'ai rien reçu"],
      ["support", "Pouvez-vous vérifier avec le transporteur ?"],
      ["support", "Le numéro de commande est {order}"],
      ["support", "Merci, j'attends votre retour"],
      ["support", "Toujours rien aujourd'hui"],
      ["support", "Est-ce possible de renvoyer le colis ?"],
      ["other", "Merci beaucoup"],
    ],
  },
  {
    lang: "de",
    lines: [
      ["support", "Hallo, ich möchte mein Abo pausieren"],
      ["support", "Wir sind im August drei Wochen weg"],
      ["support", "Geht das auch nur für einen Monat?"],
      ["support", "Und muss ich danach etwas tun oder startet es automatisch?"],
      ["support", "Ich finde den Button in meinem Konto nicht"],
      ["support", "Ah, jetzt habe ich ihn gefunden"],
      ["other", "Danke euch!"],
      ["support", "Kann ich auch die Röstung ändern?"],
      ["support", "Lieber etwas heller"],
      ["other", "Super, danke"],
    ],
  },
];

/** What people add while waiting or when done: pads a thread past its script. */
export const FOLLOW_UPS: readonly Line[] = [
  ["other", "ok"],
  ["other", "thanks"],
  ["other", "👍"],
  ["other", "?"],
  ["support", "hello??"],
  ["support", "any update?"],
  ["other", "great"],
  ["other", "cool thanks"],
  ["other", "lol"],
  ["support", "still waiting"],
  ["other", "👀"],
  ["other", "sure"],
];
