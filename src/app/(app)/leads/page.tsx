// Placeholder route: the leads view is built in the next step and replaces this page.
export default function LeadsPage() {
  return <p className="text-sm text-slate-600">Leads are coming in the next step.</p>;
}
