const FEATURES = [
  { title: "One inbox for every channel", body: "Instagram, Facebook, X, LinkedIn and WhatsApp conversations in a single real-time view." },
  { title: "Intent and lead scoring", body: "Each message is classified and scored, so your team answers buying signals first." },
  { title: "Replies in your voice", body: "AI drafts grounded in your knowledge base and tone guidelines. Approve, edit or auto-send above a confidence you choose." },
  { title: "CRM sync", body: "Qualified leads flow to your CRM in batches, on the schedule you set." },
  { title: "Roles for the whole team", body: "Admins configure, agents work the inbox, viewers watch. Every change lands in the audit log." },
  { title: "Private by design", body: "Encrypted personal data, strict tenant isolation, retention you control and a monthly AI budget cap." },
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
