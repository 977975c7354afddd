import type { Metadata } from "next";
import { Suspense } from "react";
import { CanIView } from "@/components/rbac/CanIView";

export const metadata: Metadata = { title: "Can I?" };

export default function Page() {
  return (
    <Suspense fallback={null}>
      <CanIView />
    </Suspense>
  );
}
