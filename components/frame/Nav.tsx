"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { withFrameParams } from "@/lib/client/url";
import type { NavMenu } from "./NavMenu";

export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/serviceaccounts", label: "Service accounts" },
  { href: "/bindings", label: "Bindings" },
  { href: "/can-i", label: "Can I?" },
  { href: "/who-can", label: "Who can?" },
  { href: "/findings", label: "Findings" },
  { href: "/chains", label: "Chains" },
  { href: "/history", label: "History" },
] as const;

/** The sidebar; below 768 px, the panel the menu button opens over the page (hidden while closed). */
export function Nav({ menu }: { menu: NavMenu }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const narrow = menu.open ? "absolute inset-y-0 left-0 z-40 w-64 overflow-y-auto shadow-lg md:shadow-none" : "hidden";
  return (
    <nav
      id={menu.navId}
      aria-label="Main"
      // Tabbing out of the open panel closes it, as a click outside does.
      onBlur={(e) => {
        const to = e.relatedTarget;
        if (menu.open && to instanceof Node && !e.currentTarget.contains(to) && !document.getElementById(menu.buttonId)?.contains(to)) menu.close();
      }}
      className={`${narrow} shrink-0 border-r border-zinc-200 bg-zinc-50 py-3 md:static md:block md:w-36 lg:w-48 dark:border-zinc-800 dark:bg-zinc-900 md:dark:bg-zinc-900/40`}
    >
      <ul className="space-y-0.5 px-2">
        {NAV_ITEMS.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={withFrameParams(item.href, params)}
                aria-current={active ? "page" : undefined}
                onClick={() => menu.close()}
                className={`block rounded px-3 py-1.5 text-sm ${
                  active
                    ? "bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-100"
                    : "text-zinc-700 hover:bg-zinc-200/70 dark:text-zinc-300 dark:hover:bg-zinc-800"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
