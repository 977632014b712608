const FEATURES = [
  {
    title: "Intent on every message",
    body: "Each message is classified as sales, support, spam or other with a confidence, so buying signals are answered first and spam stays out of the way.",
  },
  {
    title: "Replies grounded in your knowledge",
    body: "Drafts come from your knowledge articles and tone guidelines. Guardrails hold back any price, link, date or promise your articles don't contain and hand the conversation to a person.",
  },
  {
    title: "Lead scoring with reasons",
    body: "Every contact is scored hot, warm or cold from 0 to 100, with the reason and tags. Mark leads won or lost and retrain the scorer on your own outcomes.",
  },
  {
    title: "A live inbox with approval",
    body: "Conversations, drafts and agent runs update in real time. Approve a draft, edit it first, write your own, or pause auto-reply on one conversation.",
  },
  {
    title: "Roles for the whole team",
    body: "Admins configure, agents work the inbox, viewers read. Roles are enforced on the server, and changes are recorded in an append-only audit log.",
  },
  {
    title: "Private by design",
    body: "Personal data is encrypted at rest and replaced by placeholders before any AI model sees a message. Row-level tenant isolation and message retention you set.",
  },
];

export function FeatureGrid() {
  return (
    <section aria-labelledby="features-heading" className="mx-auto max-w-6xl px-6 py-20">
      <h2 id="features-heading" className="text-3xl font-bold tracking-tight text-slate-900">Built for small teams that sell on social</h2>
      <p className="mt-3 max-w-2xl text-slate-600">Stop losing leads in notification noise. Leadline does the triage so people can do the talking.</p>
      <div className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
        {FEATURES.map((f) => (
          <div key={f.title} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h3 className="font-semibold text-slate-900">{f.title}</h3>
            <p className="mt-2 text-sm leading-6 text-slate-600">{f.body}</p>
          </div>
        ))}
      </div>
    </section>
  );
}
