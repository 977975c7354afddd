"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { withFrameParams } from "@/lib/client/url";

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

export function Nav() {
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <nav aria-label="Main" className="w-36 shrink-0 border-r lg:w-48 border-zinc-200 bg-zinc-50 py-3 dark:border-zinc-800 dark:bg-zinc-900/40">
      <ul className="space-y-0.5 px-2">
        {NAV_ITEMS.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={withFrameParams(item.href, params)}
                aria-current={active ? "page" : undefined}
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
