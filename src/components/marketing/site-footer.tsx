import { Logo } from "@/components/brand/logo";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-8 text-sm text-slate-500">
        <Logo />
        <p>© {new Date().getFullYear()} Leadline. The AI inbox for social-media leads.</p>
      </div>
    </footer>
  );
}
