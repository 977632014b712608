/** A lead's tags as small chips, or nothing. */
export function LeadTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label="Tags" className="flex flex-wrap gap-1">
      {tags.map((tag) => (
        <li key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{tag}</li>
      ))}
    </ul>
  );
}
