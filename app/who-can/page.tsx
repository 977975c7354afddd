import type { Metadata } from "next";
import { Suspense } from "react";
import { WhoCanView } from "@/components/rbac/WhoCanView";

export const metadata: Metadata = { title: "Who can?" };

export default function Page() {
  return (
    <Suspense fallback={null}>
      <WhoCanView />
    </Suspense>
  );
}
