"use client";
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { EmbedBridge } from "@/components/embed/EmbedBridge";
import { ExampleBanner } from "./ExampleBanner";
import { Nav } from "./Nav";
import { MenuButton, useNavMenu } from "./NavMenu";
import { TopBar } from "./TopBar";

/** Banner, top bar and navigation around every page; `?embed=1` (portal iframes) keeps only the banner. */
export function Frame({ children }: { children: ReactNode }) {
  const embed = useSearchParams().get("embed") === "1";
  const menu = useNavMenu();
  return (
    <div className="flex h-full flex-col">
      {/* The first stop of the keyboard: past the banner, top bar and navigation. */}
      <a
        href="#content"
        // Focus moves without writing #content into the URL (a view is its URL).
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("content")?.focus();
        }}
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-sky-900 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-sky-200"
      >
        Skip to content
      </a>
      <EmbedBridge />
      <ExampleBanner />
      {!embed && <TopBar menuButton={<MenuButton menu={menu} />} />}
      <div className="relative flex min-h-0 flex-1">
        {/* Below 768 px the open menu covers the page; a click beside it closes it. */}
        {!embed && menu.open && <div aria-hidden className="absolute inset-0 z-30 bg-zinc-950/30 md:hidden" onClick={() => menu.close()} />}
        {!embed && <Nav menu={menu} />}
        {/* stable gutter: the page does not move sideways when its data makes it scroll */}
        {/* relative: absolutely placed bits of a page (screen-reader-only text) scroll with it instead of widening the window */}
        <main id="content" tabIndex={-1} className="relative min-w-0 flex-1 overflow-auto [scrollbar-gutter:stable]">{children}</main>
      </div>
    </div>
  );
}
