const STEPS = [
  { title: "Create your workspace", body: "It comes with a Demo channel. Invite your team as admins, agents or viewers." },
  { title: "Teach it your business", body: "Add knowledge articles and tone guidelines, and choose whether confident replies may be sent automatically." },
  { title: "Work the leads", body: "Play the customer on the Demo page, then approve replies and qualify leads in the inbox as they arrive." },
];

export function HowItWorks() {
  return (
    <section aria-labelledby="how-heading" className="border-y border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl px-6 py-20">
        <h2 id="how-heading" className="text-3xl font-bold tracking-tight text-slate-900">How it works</h2>
        <ol className="mt-10 grid gap-8 md:grid-cols-3">
          {STEPS.map((step, index) => (
            <li key={step.title}>
              <span className="flex size-9 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white" aria-hidden="true">
                {index + 1}
              </span>
              <h3 className="mt-4 font-semibold text-slate-900">{step.title}</h3>
              <p className="mt-2 text-sm leading-6 text-slate-600">{step.body}</p>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
