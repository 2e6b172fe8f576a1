import type { ReactNode } from "react";
import { LocaleSwitcher } from "@/components/layout/locale-switcher";

/** The centered card of the signed-out pages (sign-in, invitation, forgot / reset password). */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-white px-4">
      <div className="absolute right-4 top-4">
        <LocaleSwitcher />
      </div>
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div
            className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-brand-600 text-xl font-bold text-white"
            aria-hidden
          >
            L
          </div>
          <h1 className="text-2xl font-semibold text-gray-900">{title}</h1>
          {subtitle && <p className="mt-2 text-sm text-gray-600">{subtitle}</p>}
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-gray-200">{children}</div>
      </div>
    </main>
  );
}
