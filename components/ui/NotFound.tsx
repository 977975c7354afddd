"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useReloadOnceFound } from "@/lib/client/live";
import { missingThing } from "@/lib/client/notFound";
import { withFrameParams } from "@/lib/client/url";
import { linkClass } from "@/components/serviceaccounts/links";

/**
 * The one not-found message: what was not found (read from the address) and the way back to
 * its list and to the overview. The server's 404 page and a detail view whose object
 * disappears while open both render this. The server's page (`reloadOnceFound`) reloads once the
 * address exists; a detail view's own queries bring its object back by themselves.
 */
export function NotFound({ reloadOnceFound = false }: { reloadOnceFound?: boolean }) {
  useReloadOnceFound(reloadOnceFound);
  const params = useSearchParams();
  const { what, list } = missingThing(usePathname());
  return (
    <div className="mx-auto max-w-3xl px-6 py-10" data-testid="not-found">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm wrap-break-word text-zinc-700 dark:text-zinc-300" data-testid="not-found-message">
        {what} was not found. It may have been deleted, or the address may be mistyped.
      </p>
      <p className="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-sm">
        {list && (
          <Link href={withFrameParams(list.href, params)} className={linkClass}>
            Back to {list.label}
          </Link>
        )}
        <Link href={withFrameParams("/", params)} className={linkClass}>
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
