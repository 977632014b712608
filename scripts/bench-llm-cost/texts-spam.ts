import { pool } from "./text-pool";

/** Unsolicited promotion, scams and phishing, one account at a time. */
export const SPAM_TEXTS = pool("spam", {
  en: [
    "FREE 10K FOLLOWERS in 24h!!! check {url} 🔥🔥",
    "Make $800 a day from your phone, DM {handle} to learn how 💸",
    "Your page violates our community standards. Appeal here before it is disabled: {url}",
    "Promote your posts to 1M real people for only $9 👉 {url}",
    "Hey dear, I invest in crypto and doubled my money in a week, want me to show you?",
    "Congratulations! You've been selected for our giveaway, claim your phone at {url}",
    "Check out my channel for the best coffee reviews!! {url}",
    "I can make you a new logo for $5, DM me",
    "We buy Instagram accounts with 10k+ followers, great price, DM {handle}",
    "Boost your sales 300% with our AI marketing bot, free trial {url}",
    "Collab? Send me a DM babe 💋",
    "Your account has been flagged for copyright. Verify within 24 hours: {url}",
    "Earn bitcoin daily with our guaranteed trading signals 📈 join {url}",
    "Need web design? Cheap and fast, whatsapp me {phone}",
    "Get the verified blue tick today, DM {handle}",
    "I will grow your page organically, 100% safe, DM for prices",
    "Nice page! Promote it on {handle} 🚀",
    "Loan approved instantly without credit check, apply {url}",
    "Want more likes? Free trial at {url}",
    "I am a Forex account manager, I can make you 5000 dollars in 3 days",
    "Dear friend, I have a business proposal for you, kindly reply",
    "Buy cheap followers likes views, best price guaranteed {url}",
    "📢 Last chance to claim your free gift card {url}",
    "Work from home, only 2 hours a day, earn $3000/week. Message {handle}",
    "Your parcel is waiting, pay the customs fee here {url}",
    "Spicy pics 🔞 click {url}",
    "Follow for follow? 🔁",
    "Win a free trip to Bali, just share this post and visit {url}",
    "Designer sunglasses 90% off today only {url}",
    "We noticed an unusual login on your Meta account, secure it now {url}",
    "Grow your TikTok to 100k fast, DM {handle}",
    "Invest $250 and get $2500 back in 7 days guaranteed",
    "SEO services for your website, first page on Google guaranteed {email}",
  ],
  es: [
    "Gana 500 dólares al día desde casa, escribe a {handle}",
    "¡Felicidades! Ganaste un teléfono, reclámalo en {url}",
  ],
  pt: [
    "Ganhe seguidores reais grátis em {url}",
    "Invista em bitcoin e dobre seu dinheiro, chama no {handle}",
  ],
  fr: [
    "Gagnez 1000 € par semaine depuis chez vous, écrivez à {handle}",
    "Votre compte sera suspendu, vérifiez ici {url}",
  ],
  de: ["Kostenlose Follower sofort! Jetzt auf {url}"],
  it: ["Guadagna subito con il trading, contatta {handle}"],
});

/** What a spam wave posts from dozens of accounts at once (slots vary per account, or not at all). */
export const BURST_TEXTS = pool("spam", {
  en: [
    "🔥 FREE FOLLOWERS 🔥 get 5,000 followers now at {url}",
    "Your page will be disabled in 24h. Confirm your identity: {url}",
    "Hello! I love your content, let's collab, DM {handle} for details 💕",
    "Earn $500 daily with crypto signals, join {url} today",
    "Congrats 🎉 you won our monthly giveaway! Claim at {url}",
    "Check my profile for a surprise 😘",
    "Great post! Buy real followers at {url} 👍",
    "Meta Support: your account will be removed for violating our terms. Appeal: {url}",
  ],
  es: ["¡Hola! Gana dinero fácil desde casa, info en {url}"],
});
