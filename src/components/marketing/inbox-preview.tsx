const SAMPLE = [
  { who: "Maya R.", text: "How much is the Pro plan? We're a team of 12 and I'd like to buy today.", intent: "Sales · 96%", tier: "Hot", score: 88, tone: "bg-emerald-50 text-emerald-700" },
  { who: "@danbrews", text: "Do you ship to Canada? How long does delivery usually take?", intent: "Sales · 91%", tier: "Warm", score: 64, tone: "bg-amber-50 text-amber-800" },
  { who: "Priya S.", text: "My bag arrived damaged. Can you send a new one?", intent: "Support · 94%", tier: "Cold", score: 22, tone: "bg-brand-50 text-brand-700" },
];

/** A static picture of the product for the landing page (decorative, not live data). */
export function InboxPreview() {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4 shadow-xl shadow-brand-600/10" aria-hidden="true">
      <div className="mb-3 flex items-center justify-between px-1">
        <p className="text-sm font-semibold text-slate-800">Inbox</p>
        <p className="flex items-center gap-1.5 text-xs text-slate-500"><span className="size-1.5 rounded-full bg-emerald-500" />Live</p>
      </div>
      <ul className="space-y-3">
        {SAMPLE.map((item) => (
          <li key={item.who} className="rounded-xl border border-slate-100 bg-slate-50 p-3">
            <div className="flex items-center justify-between gap-2">
              <p className="text-sm font-medium text-slate-900">{item.who} <span className="font-normal text-slate-500">· Demo channel</span></p>
              <span className="rounded-full bg-white px-2 py-0.5 text-xs font-semibold text-slate-700 ring-1 ring-slate-200">{item.tier} · {item.score}</span>
            </div>
            <p className="mt-1 text-sm text-slate-600">{item.text}</p>
            <span className={`mt-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${item.tone}`}>{item.intent}</span>
          </li>
        ))}
      </ul>
      <div className="mt-3 rounded-xl border border-dashed border-brand-500/50 bg-brand-50/60 px-3 py-2.5">
        <p className="text-xs font-medium text-brand-700">AI draft · from “Subscription plans and pricing” · ready to approve</p>
        <p className="mt-1 text-sm text-slate-700">Hi Maya! The Pro plan is $29 per month and ships three bags. For an office of 12, the Team plan ($89, 2 kg a month) may suit you better.</p>
      </div>
    </div>
  );
}
