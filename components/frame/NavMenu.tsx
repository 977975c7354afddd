"use client";
// Below 768 px (Tailwind's md) the sidebar folds into a menu button in the top bar; the
// navigation opens over the page. Wider, the button is hidden and the sidebar always shows.
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useState } from "react";

export type NavMenu = {
  open: boolean;
  /** The navigation's element id (the button's aria-controls). */
  navId: string;
  buttonId: string;
  toggle: () => void;
  /** Closes; `refocus` moves the focus back to the button (Escape). */
  close: (refocus?: boolean) => void;
};

export function useNavMenu(): NavMenu {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const here = `${pathname}?${search}`;
  // The address it was opened at: going anywhere else (a link, the search box, Back) closes it.
  const [openAt, setOpenAt] = useState<string | undefined>();
  const open = openAt === here;
  const navId = useId();
  const buttonId = `${navId}-button`;

  const close = useCallback(
    (refocus = false) => {
      setOpenAt(undefined);
      if (refocus) document.getElementById(buttonId)?.focus();
    },
    [buttonId],
  );
  const toggle = useCallback(() => setOpenAt((at) => (at === here ? undefined : here)), [here]);

  useEffect(() => {
    if (!open) return;
    // Into the links it opened, so the keyboard lands where the user meant to go.
    document.getElementById(navId)?.querySelector<HTMLElement>("a")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, close, navId]);

  return { open, navId, buttonId, toggle, close };
}

/** The top bar's menu button; only below 768 px. */
export function MenuButton({ menu }: { menu: NavMenu }) {
  return (
    <button
      id={menu.buttonId}
      type="button"
      aria-label="Menu"
      aria-expanded={menu.open}
      aria-controls={menu.navId}
      onClick={menu.toggle}
      className="-ml-1 rounded p-1.5 text-zinc-700 hover:bg-zinc-200/70 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
        {menu.open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5.5h14M3 10h14M3 14.5h14" />}
      </svg>
    </button>
  );
}
