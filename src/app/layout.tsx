import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcReactProvider } from "@/lib/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: "Leadline — the AI inbox for social-media leads",
  description: "Every DM, comment and mention classified, scored and answered, then synced to your CRM.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TrpcReactProvider>{children}</TrpcReactProvider>
      </body>
    </html>
  );
}
