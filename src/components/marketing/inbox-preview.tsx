const SAMPLE = [
  { who: "Maya R.", where: "Instagram DM", text: "Do you ship to Canada? Looking to order 40 units for our studio.", intent: "Purchase intent", score: 92, tone: "bg-emerald-50 text-emerald-700" },
  { who: "@danbuilds", where: "X mention", text: "Anyone tried @acme for team onboarding? Pricing seems unclear.", intent: "Pricing question", score: 71, tone: "bg-amber-50 text-amber-800" },
  { who: "Priya S.", where: "Facebook comment", text: "Is the spring workshop still open for sign-ups?", intent: "Event interest", score: 64, tone: "bg-brand-50 text-brand-700" },
];

/** A static picture of the product for the landing page (decorative, not live data). */
export function InboxPreview() {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-xl shadow-brand-600/10" aria-hidden="true">
      <div className="mb-3 flex items-center justify-between px-1">
        <p className="text-sm font-semibold text-slate-800">Inbox</p>
        <p className="text-xs text-slate-500">3 new leads</p>
      </div>
      <ul className="space-y-3">
        {SAMPLE.map((item) => (
          <li key={item.who} className="rounded-xl border border-slate-100 bg-slate-50 p-3">
            <div className="flex items-center justify-between gap-2">
              <p className="text-sm font-medium text-slate-900">{item.who} <span className="font-normal text-slate-500">· {item.where}</span></p>
              <span className="rounded-full bg-white px-2 py-0.5 text-xs font-semibold text-slate-700 ring-1 ring-slate-200">{item.score}</span>
            </div>
            <p className="mt-1 text-sm text-slate-600">{item.text}</p>
            <span className={`mt-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${item.tone}`}>{item.intent}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 rounded-xl border border-brand-100 bg-brand-50/60 px-3 py-2.5">
        <p className="text-xs font-medium text-brand-700">AI draft · ready to approve</p>
        <p className="mt-1 text-sm text-slate-700">Hi Maya! Yes, we ship to Canada: 40 units arrive in 3–5 days. Want me to send a quote?</p>
      </div>
    </div>
  );
}
