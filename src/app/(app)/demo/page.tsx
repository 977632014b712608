import type { Metadata } from "next";
import { DemoPlayground } from "@/components/demo/demo-playground";

export const metadata: Metadata = { title: "Demo · Leadline" };

export default function DemoPage() {
  return <DemoPlayground />;
}
