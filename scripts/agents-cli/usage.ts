export const USAGE = `Leadline agents on JSON Lines: one JSON object per line on stdin, one answer per line on stdout, in input order.

Usage:
  npm run -s agents -- classify [--concurrency N] < messages.jsonl > intents.jsonl
  npm run -s agents -- score    [--concurrency N] < leads.jsonl    > scores.jsonl
  npm run -s agents -- reply    [--concurrency N] < questions.jsonl > replies.jsonl
  npm run -s agents -- --help

classify  in:  {"id": "m1", "text": "How much is the Pro plan?"}
          out: {"id": "m1", "intent": "sales", "confidence": 0.91}
score     in:  {"id": "m1", "text": "...", "intent"?: "sales", "confidence"?: 0.9, "platform"?: "instagram",
                "followers"?: 12000, "verified"?: false, "previousMessages"?: 2, "daysSinceFirstContact"?: 3,
                "daysSinceLastContact"?: 1, "businessReplies"?: 1, "contactRepliesAfterBusiness"?: 1}
          out: {"id": "m1", "tier": "hot", "score": 78, "reason": "Asked for pricing, ...", "tags": ["pricing"]}
reply     in:  {"id": "m1", "text": "...", "intent"?: "sales", "platform"?: "facebook", "surface"?: "dm" | "comment",
                "knowledge": [{"id": "a1", "title": "Pricing", "body": "The Pro plan costs $29 per month."}],
                "tone"?: {"companyName": "Acme", "guidelines": "Friendly, no emoji."}}
          out: {"id": "m1", "reply": "Hi! The Pro plan costs $29 per month. ...", "handoff": false, "flags": ["local-extractive"]}

Every command also takes "name" and "handle" (the sender's, anonymised like the rest of the text).
"id" is a string or a number and is echoed back. Missing intent: classified first. Intent without
confidence: treated as certain. platform: facebook, instagram, x, linkedin, whatsapp or demo (default).
Blank lines are skipped. A bad line (not JSON, missing id or text, wrong types) is answered with
  {"id": <id or null>, "line": <line number>, "error": "..."}
and reported on stderr; processing goes on.

Models come from INTENT_MODELS, SCORER_MODELS and REPLY_MODELS ("provider:model,...,local"; default
"local", the built-in models) with OPENAI_API_KEY / OPENAI_BASE_URL, ANTHROPIC_API_KEY /
ANTHROPIC_BASE_URL, OPENAI_COMPAT_BASE_URL / OPENAI_COMPAT_API_KEY, LLM_TIMEOUT_MS. No other
configuration is needed. Text is anonymised (names, emails, phones, handles, identifying URLs)
before any model sees it. --concurrency: LLM calls in flight (default 8; local models ignore it).

Exit codes: 0 done (bad lines included), 1 stdin could not be read, 2 usage or configuration error.
`;
