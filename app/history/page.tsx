import type { Metadata } from "next";
import { Suspense } from "react";
import { HistoryView } from "@/components/history/HistoryView";

export const metadata: Metadata = { title: "History" };

export default function Page() {
  return (
    <Suspense fallback={null}>
      <HistoryView />
    </Suspense>
  );
}
