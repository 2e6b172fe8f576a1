import type { ReactNode } from "react";
import { requireStaff } from "@/lib/auth/session";
import { AppShell } from "@/components/layout/app-shell";

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const ctx = await requireStaff();
  return <AppShell ctx={ctx}>{children}</AppShell>;
}
