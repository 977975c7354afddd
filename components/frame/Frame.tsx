"use client";
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { EmbedBridge } from "@/components/embed/EmbedBridge";
import { ExampleBanner } from "./ExampleBanner";
import { Nav } from "./Nav";
import { TopBar } from "./TopBar";

/** Banner, top bar and navigation around every page; `?embed=1` (portal iframes) keeps only the banner. */
export function Frame({ children }: { children: ReactNode }) {
  const embed = useSearchParams().get("embed") === "1";
  return (
    <div className="flex h-full flex-col">
      <EmbedBridge />
      <ExampleBanner />
      {!embed && <TopBar />}
      <div className="flex min-h-0 flex-1">
        {!embed && <Nav />}
        <main className="min-w-0 flex-1 overflow-auto">{children}</main>
      </div>
    </div>
  );
}
