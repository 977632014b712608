import { ComingNext } from "@/components/marketing/coming-next";
import { CtaBand } from "@/components/marketing/cta-band";
import { FeatureGrid } from "@/components/marketing/feature-grid";
import { Hero } from "@/components/marketing/hero";
import { HowItWorks } from "@/components/marketing/how-it-works";
import { SiteFooter } from "@/components/marketing/site-footer";
import { SiteHeader } from "@/components/marketing/site-header";
import { currentUserId } from "./_lib/session";

export default async function LandingPage() {
  const signedIn = (await currentUserId()) !== null;
  return (
    <>
      <SiteHeader signedIn={signedIn} />
      <main>
        <Hero />
        <FeatureGrid />
        <HowItWorks />
        <ComingNext />
        <CtaBand />
      </main>
      <SiteFooter />
    </>
  );
}
