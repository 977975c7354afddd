import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Frame } from "@/components/frame/Frame";
import { statusView } from "@/lib/api/status";
import { queryKeys } from "@/lib/client/keys";
import { getStore } from "@/lib/server/store";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rolecall", template: "%s · Rolecall" },
  description: "Who can do what in your Kubernetes cluster, and who is waiting on whom.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page shows the live store: render per request, never at build time.
  await connection();
  const store = getStore();
  const status = statusView(store.snapshot(), store.isSynced());
  const queryClient = new QueryClient();
  queryClient.setQueryData(queryKeys.status(), status);
  return (
    <html lang="en">
      <body>
        <Providers initialVersion={status.version}>
          <HydrationBoundary state={dehydrate(queryClient)}>
            {/* No Suspense boundary around the page: the response starts once the page has
                rendered, so a page that calls notFound() answers HTTP 404 (inside a boundary
                the 200 would already be sent). */}
            <Frame>{children}</Frame>
          </HydrationBoundary>
        </Providers>
      </body>
    </html>
  );
}
