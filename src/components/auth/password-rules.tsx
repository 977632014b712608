/** The password policy (mirrors src/server/infra/crypto/password.ts), checked live as the user types. */
export const PASSWORD_RULES = [
  { id: "length", label: "At least 10 characters", test: (p: string) => p.length >= 10 && p.length <= 200 },
  { id: "letter", label: "Contains a letter", test: (p: string) => /[a-z]/i.test(p) },
  { id: "other", label: "Contains a digit or symbol", test: (p: string) => /[^a-z]/i.test(p) },
] as const;

export function PasswordRules({ password }: { password: string }) {
  return (
    <ul className="space-y-0.5" aria-label="Password rules">
      {PASSWORD_RULES.map((rule) => {
        const ok = rule.test(password);
        return (
          <li key={rule.id} className={`flex items-center gap-1.5 ${ok ? "text-emerald-700" : "text-slate-500"}`}>
            <span aria-hidden="true">{ok ? "✓" : "•"}</span>
            <span>{rule.label}</span>
            <span className="sr-only">{ok ? "(met)" : "(not met yet)"}</span>
          </li>
        );
      })}
    </ul>
  );
}
