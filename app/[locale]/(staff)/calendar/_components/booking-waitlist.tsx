"use client";

import { useTranslations } from "next-intl";
import type { PatientOption } from "@/lib/appointments/actions";
import { WaitlistEntryForm } from "../../waitlist/_components/waitlist-entry-form";

/** The booking dialog's "no slot fits → add to waitlist": the patient chosen above, put on the waitlist instead. */
export function BookingWaitlist({ patient, doctors }: { patient: PatientOption | null; doctors: { id: string; name: string }[] }) {
  const t = useTranslations("waitlist");
  return (
    <details className="group mt-4 rounded-md ring-1 ring-gray-200" data-testid="booking-waitlist">
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-gray-50">
        <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">
          ›
        </span>
        {t("booking.title")}
      </summary>
      <div className="space-y-3 border-t border-gray-100 px-3 py-3">
        <p className="text-sm text-gray-600">{t("booking.help")}</p>
        {patient ? (
          <WaitlistEntryForm key={patient.id} patientId={patient.id} doctors={doctors} />
        ) : (
          <p className="text-sm text-gray-700">{t("booking.choosePatient")}</p>
        )}
      </div>
    </details>
  );
}
