import type { Metadata } from "next";
import { ChainsView } from "@/components/chains/ChainsView";

export const metadata: Metadata = { title: "Chains" };

export default function ChainsPage() {
  return <ChainsView />;
}
