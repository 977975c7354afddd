import type { Metadata } from "next";
import { Suspense } from "react";
import { FindingsView } from "@/components/rbac/FindingsView";

export const metadata: Metadata = { title: "Findings" };

export default function Page() {
  return (
    <Suspense fallback={null}>
      <FindingsView />
    </Suspense>
  );
}
