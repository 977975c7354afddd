"use client";
// The user the SSO proxy signed in (ROLECALL_AUTH=proxy); renders nothing in other modes.
import { useQuery } from "@tanstack/react-query";

interface WhoAmI {
  user: string | null;
  groups: string[];
}

export function SignedInUser() {
  const { data } = useQuery({
    queryKey: ["whoami"],
    queryFn: async (): Promise<WhoAmI> => {
      const r = await fetch("/api/v1/whoami", { headers: { Accept: "application/json" } });
      if (!r.ok) throw new Error(`whoami: ${r.status}`);
      return (await r.json()) as WhoAmI;
    },
    staleTime: Infinity,
  });
  if (!data?.user) return null;
  return (
    <span className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={data.groups.length ? `groups: ${data.groups.join(", ")}` : undefined}>
      signed in as <span className="font-mono text-zinc-800 dark:text-zinc-200" data-testid="user">{data.user}</span>
    </span>
  );
}
