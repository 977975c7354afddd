import { ApiRequestError } from "@/lib/client/fetch";

export function Loading({ what }: { what: string }) {
  return <p className="px-4 py-6 text-sm text-zinc-500">Loading {what}…</p>;
}

export function ErrorNote({ error }: { error: unknown }) {
  const syncing = error instanceof ApiRequestError && error.status === 503;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role={syncing ? "status" : "alert"} className={`mx-4 my-2 rounded px-3 py-2 text-sm ${syncing ? "bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200" : "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200"}`}>
      {syncing ? "Rolecall is still loading the cluster state; this view fills in when it is ready." : message}
    </p>
  );
}
