// Placeholder route: the demo channel is built in the next step and replaces this page.
export default function DemoPage() {
  return <p className="text-sm text-slate-600">The demo channel is coming in the next step.</p>;
}
