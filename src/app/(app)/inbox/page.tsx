// Placeholder route: the inbox pipeline is built in the next step and replaces this page.
export default function InboxPage() {
  return <p className="text-sm text-slate-600">The inbox pipeline is coming in the next step.</p>;
}
