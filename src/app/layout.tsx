import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcReactProvider } from "@/lib/trpc/client";
import "./globals.css";

const description = "Every message classified, scored and answered from your knowledge base, with a person in the loop.";

export const metadata: Metadata = {
  metadataBase: new URL(process.env.APP_URL ?? "http://localhost:3000"),
  title: "Leadline — the AI inbox for social-media leads",
  description,
  icons: { icon: [{ url: "/icon.svg", type: "image/svg+xml" }, { url: "/icon-192.png", sizes: "192x192", type: "image/png" }], apple: "/apple-touch-icon.png" },
  manifest: "/manifest.webmanifest",
  openGraph: { title: "Leadline", description, images: [{ url: "/og-image.png", width: 1200, height: 630, alt: "Leadline, the AI inbox for social-media leads" }] },
  twitter: { card: "summary_large_image", title: "Leadline", description, images: ["/og-image.png"] },
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
