import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { getPatient } from "@/lib/patients/queries";
import { formatPhone } from "@/lib/patients/phone";
import { formatDateTime } from "@/lib/dates";
import { PatientForm } from "../_components/patient-form";
import { SavedToast } from "../_components/saved-toast";
import { listDoctors, listPatientAppointments } from "@/lib/appointments/queries";
import { listInboundMessages } from "@/lib/inbound/queries";
import { can } from "@/lib/auth/permissions";
import { AppointmentsSection } from "./_components/appointments-section";
import { DocumentsSection } from "./_components/documents-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("patients"))("editTitle") };
}

export default async function PatientPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const ctx = await requireStaff("patients:read");
  const [{ patientId }, { saved }, t, locale, db] = await Promise.all([params, searchParams, getTranslations("patients"), getLocale(), getDb()]);
  const patient = await getPatient(db, { clinicId: ctx.clinicId, patientId });
  if (!patient) notFound();
  const [appointments, doctors, replies, ta] = await Promise.all([
    listPatientAppointments(db, { clinicId: ctx.clinicId, patientId: patient.id }),
    listDoctors(db, { clinicId: ctx.clinicId }),
    listInboundMessages(db, { clinicId: ctx.clinicId, patientId: patient.id }),
    getTranslations("appointments"),
  ]);

  const optOuts = (
    [
      ["optOutWhatsapp", patient.whatsappOptedOutAt],
      ["optOutSms", patient.smsOptedOutAt],
      ["optOutEmail", patient.emailOptedOutAt],
    ] as const
  ).filter(([, at]) => at);

  return (
    <div className="max-w-3xl space-y-6">
      <SavedToast message={saved === "created" ? t("created") : saved === "updated" ? t("updated") : undefined} />
      <div>
        <h1 className="text-2xl font-semibold">
          {patient.firstName} {patient.lastName}
        </h1>
        <p className="mt-1 text-sm text-gray-600">{formatPhone(patient.phone)}</p>
        {optOuts.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-2">
            {optOuts.map(([field, at]) => (
              <li key={field} className="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200">
                {t("optedOutSince", { channel: t(`fields.${field}`), date: formatDateTime(at!, { locale, timeZone: ctx.clinic.timezone }) })}
              </li>
            ))}
          </ul>
        )}
      </div>
      <AppointmentsSection
        patientId={patient.id}
        appointments={appointments}
        doctors={doctors}
        timeZone={ctx.clinic.timezone}
        canWrite={can(ctx.role, "appointments:write")}
      />
      <DocumentsSection patientId={patient.id} ctx={ctx} />
      <section aria-labelledby="replies-heading" className="space-y-2">
        <h2 id="replies-heading" className="text-lg font-semibold">
          {ta("repliesTitle")}
        </h2>
        {replies.length === 0 ? (
          <p className="text-sm text-gray-600">{ta("noReplies")}</p>
        ) : (
          <ul className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
            {replies.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline gap-3 px-4 py-2 text-sm" data-testid="reply">
                <time className="text-xs text-gray-500" dateTime={r.receivedAt.toISOString()}>
                  {formatDateTime(r.receivedAt, { locale, timeZone: ctx.clinic.timezone })}
                </time>
                <span className="text-gray-600">{ta(`channels.${r.channel}`)}</span>
                <span className="font-medium">{ta(`intents.${r.intent}`)}</span>
                {r.body && <q className="text-gray-700">{r.body}</q>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
        <h2 className="mb-4 text-base font-semibold">{t("editTitle")}</h2>
        <PatientForm
          patientId={patient.id}
          initial={{
            firstName: patient.firstName,
            lastName: patient.lastName,
            phone: formatPhone(patient.phone),
            email: patient.email ?? "",
            preferredLocale: patient.preferredLocale,
            optOutWhatsapp: Boolean(patient.whatsappOptedOutAt),
            optOutSms: Boolean(patient.smsOptedOutAt),
            optOutEmail: Boolean(patient.emailOptedOutAt),
          }}
        />
      </div>
    </div>
  );
}
