const AVAILABLE = [
  "Facebook Pages and Instagram (webhooks) and X (polling), connected by OAuth",
  "CRM sync: HubSpot, Salesforce, Pipedrive or a signed webhook",
  "Intent, replies and lead scoring",
  "Real-time inbox with approve and edit",
  "Roles, audit log and retention",
  "Demo channel: play the customer, end to end",
];
const COMING = ["Analytics: response times, lead conversion and AI quality"];

/** What works today and what is still being built, stated plainly. */
export function ComingNext() {
  return (
    <section aria-labelledby="status-heading" className="mx-auto max-w-6xl px-6 pt-20">
      <h2 id="status-heading" className="text-3xl font-bold tracking-tight text-slate-900">Where Leadline is today</h2>
      <p className="mt-3 max-w-2xl text-slate-600">
        The pipeline, the inbox, the team tools, the Facebook, Instagram and X connectors and the CRM sync are ready. Analytics come
        next.
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
          <p className="mt-4 text-xs text-slate-500">Not in the app yet; it will show up there once it works.</p>
        </div>
      </div>
    </section>
  );
}
