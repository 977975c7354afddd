import type { Metadata } from "next";
import { NotFound } from "@/components/ui/NotFound";

export const metadata: Metadata = { title: "Not found" };

/** Any unknown address, and every detail page whose object does not exist (they call notFound()): HTTP 404. */
export default function NotFoundPage() {
  return <NotFound reloadOnceFound />;
}
