/** The right pane before a conversation is picked. */
export function NoConversationSelected() {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
      <p className="text-sm font-semibold text-slate-800">Pick a conversation</p>
      <p className="mx-auto mt-1 max-w-sm text-sm text-slate-500">Its messages, the AI’s replies, the lead and the agent runs behind each message show here.</p>
    </div>
  );
}
