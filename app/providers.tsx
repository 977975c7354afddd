"use client";
import { isServer, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { shouldRetry } from "@/lib/client/fetch";
import { LiveProvider } from "@/lib/client/live";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The event stream invalidates what changed; no need to refetch on a timer.
        staleTime: 60_000,
        retry: shouldRetry,
        retryDelay: (n) => Math.min(500 * 2 ** n, 5_000),
      },
    },
  });
}

let browserClient: QueryClient | undefined;

function getQueryClient() {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}

export function Providers({ children, initialVersion }: { children: ReactNode; initialVersion?: number }) {
  const [client] = useState(getQueryClient);
  return (
    <QueryClientProvider client={client}>
      <LiveProvider initialVersion={initialVersion}>{children}</LiveProvider>
    </QueryClientProvider>
  );
}
