import type { ReactNode } from "react";

/** The frame of every patient page: the clinic's name on top, one readable column (360 px and up). */
export function LinkShell({ clinicName, children }: { clinicName?: string; children: ReactNode }) {
  return (
    <div className="mx-auto flex min-h-screen w-full max-w-md flex-col px-5 py-6">
      {clinicName && (
        <header className="mb-6 border-b border-gray-200 pb-4">
          <p className="text-base font-semibold text-brand-700">{clinicName}</p>
        </header>
      )}
      <main className="flex-1 space-y-5 text-[1.0625rem] leading-relaxed">{children}</main>
    </div>
  );
}

/** "Call the clinic" as a tappable phone link, or nothing when the clinic has no phone on record. */
export function ClinicPhoneLink({ phone, label }: { phone: string | null; label: string }) {
  if (!phone) return null;
  return (
    <a
      href={`tel:${phone}`}
      className="inline-flex min-h-12 w-full items-center justify-center rounded-lg bg-white px-4 py-3 text-center font-medium text-brand-700 ring-1 ring-gray-300 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      {label}
    </a>
  );
}
