const AVAILABLE = ["Demo channel: play the customer, end to end", "Intent, replies and lead scoring", "Real-time inbox with approve and edit", "Roles, audit log and retention"];
const COMING = ["Facebook Page and Instagram connectors", "X connector", "CRM sync (HubSpot, Pipedrive, Salesforce)"];

/** What works today and what is still being built, stated plainly. */
export function ComingNext() {
  return (
    <section aria-labelledby="status-heading" className="mx-auto max-w-6xl px-6 pt-20">
      <h2 id="status-heading" className="text-3xl font-bold tracking-tight text-slate-900">Where Leadline is today</h2>
      <p className="mt-3 max-w-2xl text-slate-600">
        The pipeline, the inbox and the team tools are ready. Messages arrive through the Demo channel for now; the platform connectors
        come next.
      </p>
      <div className="mt-8 grid gap-6 md:grid-cols-2">
        <div className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-6">
          <h3 className="font-semibold text-emerald-900">Available now</h3>
          <ul className="mt-3 space-y-2 text-sm text-emerald-900">
            {AVAILABLE.map((item) => (
              <li key={item} className="flex gap-2"><span aria-hidden="true">✓</span>{item}</li>
            ))}
          </ul>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6">
          <h3 className="font-semibold text-slate-900">Coming soon</h3>
          <ul className="mt-3 space-y-2 text-sm text-slate-600">
            {COMING.map((item) => (
              <li key={item} className="flex gap-2"><span aria-hidden="true" className="text-slate-400">○</span>{item}</li>
            ))}
          </ul>
          <p className="mt-4 text-xs text-slate-500">None of these can be connected yet; they will show up in the app once they work.</p>
        </div>
      </div>
    </section>
  );
}
