import { Suspense } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { openPatientChart } from "@/lib/patients/chart";
import { formatPhone } from "@/lib/patients/phone";
import { formatDateTime } from "@/lib/dates";
import { PatientForm } from "../_components/patient-form";
import { SavedToast } from "../_components/saved-toast";
import { listDoctors, listPatientAppointments } from "@/lib/appointments/queries";
import { can } from "@/lib/auth/permissions";
import { AppointmentsSection } from "./_components/appointments-section";
import { DocumentsSection } from "./_components/documents-section";
import { HistorySection, HistorySkeleton } from "./_components/history-section";
import { ProfileSection } from "./_components/profile-section";
import { PrescriptionsSection } from "./_components/prescriptions-section";
import { IntakeFormsSection } from "./_components/intake-forms-section";
import { CareInstructionsSection } from "./_components/care-instructions-section";
import { PaymentsSection } from "./_components/payments-section";
import { WaitlistSection } from "./_components/waitlist-section";
import { MarketingConsentSection } from "./_components/marketing-consent-section";
import { ChartSectionNav, type ChartSection } from "./_components/chart-section-nav";

/** The chart's sections, in page order: each is an anchor (`#visits`) listed in the sticky section nav. */
const SECTION_IDS = [
  "profile",
  "visits",
  "waitlist",
  "payments",
  "documents",
  "forms",
  "prescriptions",
  "care",
  "messages",
  "edit",
] as const;
type SectionId = (typeof SECTION_IDS)[number];
/** Scrolled to below the sticky section nav. */
const ANCHOR = "scroll-mt-16 space-y-8";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("patients"))("editTitle") };
}

/**
 * The patient chart: profile and preferences, upcoming and past appointments (with each visit's
 * messages), the whole message history, and the edit form. Each section is its own component, so a
 * new one (documents, forms…) is one line here, and an anchor the section nav links to
 * (`/patients/<id>#documents`). Every view is recorded in the audit log.
 */
export default async function PatientPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const ctx = await requireStaff("patients:read");
  const [{ patientId }, { saved }, t, locale, db] = await Promise.all([
    params,
    searchParams,
    getTranslations("patients"),
    getLocale(),
    getDb(),
  ]);
  const patient = await openPatientChart(db, ctx, { patientId });
  if (!patient) notFound();
  const timeZone = ctx.clinic.timezone;
  const [appointments, doctors] = await Promise.all([
    listPatientAppointments(db, { clinicId: ctx.clinicId, patientId: patient.id }),
    listDoctors(db, { clinicId: ctx.clinicId, locale: locale === "en" ? "en" : "es" }),
  ]);
  const now = new Date().getTime();
  // Newest first from the query: upcoming reads soonest first, past most recent first.
  const upcoming = appointments.filter((a) => a.startsAt.getTime() >= now).reverse();
  const past = appointments.filter((a) => a.startsAt.getTime() < now);
  const canWriteAppointments = can(ctx.role, "appointments:write");
  // A section the role cannot see renders nothing: the nav does not offer it.
  const shown: Record<SectionId, boolean> = {
    profile: true,
    visits: true,
    waitlist: true,
    payments: can(ctx.role, "payments:read"),
    documents: can(ctx.role, "documents:read"),
    forms: true,
    prescriptions: true,
    care: true,
    messages: true,
    edit: true,
  };
  const sections: ChartSection[] = SECTION_IDS.filter((id) => shown[id]).map((id) => ({ id, label: t(`chart.sections.${id}`) }));

  const optOuts = (
    [
      ["optOutWhatsapp", patient.whatsappOptedOutAt],
      ["optOutSms", patient.smsOptedOutAt],
      ["optOutEmail", patient.emailOptedOutAt],
    ] as const
  ).filter(([, at]) => at);

  return (
    <div className="max-w-4xl space-y-8">
      <SavedToast message={saved === "created" ? t("created") : saved === "updated" ? t("updated") : undefined} />
      <div>
        <h1 className="text-2xl font-semibold">
          {patient.firstName} {patient.lastName}
        </h1>
        {optOuts.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-2">
            {optOuts.map(([field, at]) => (
              <li key={field} className="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200">
                {t("optedOutSince", { channel: t(`fields.${field}`), date: formatDateTime(at!, { locale, timeZone }) })}
              </li>
            ))}
          </ul>
        )}
      </div>
      <ChartSectionNav label={t("chart.sections.label")} sections={sections} />
      <div id="profile" className={ANCHOR}>
        <ProfileSection patient={patient} timeZone={timeZone} />
        <MarketingConsentSection
          clinicId={ctx.clinicId}
          patientId={patient.id}
          timeZone={timeZone}
          canWrite={can(ctx.role, "patients:write")}
        />
      </div>
      <div id="visits" className={ANCHOR}>
        <AppointmentsSection
          patientId={patient.id}
          appointments={upcoming}
          doctors={doctors}
          timeZone={timeZone}
          canWrite={canWriteAppointments}
          title={t("chart.upcomingTitle")}
          emptyText={t("chart.noUpcoming")}
        />
        <AppointmentsSection
          patientId={patient.id}
          appointments={past}
          doctors={doctors}
          timeZone={timeZone}
          canWrite={canWriteAppointments}
          title={t("chart.pastTitle")}
          headingId="past-appointments-heading"
          showBooking={false}
          emptyText={t("chart.noPast")}
        />
      </div>
      <div id="waitlist" className={ANCHOR}>
        <WaitlistSection patientId={patient.id} />
      </div>
      {shown.payments && (
        <div id="payments" className={ANCHOR}>
          <PaymentsSection patientId={patient.id} />
        </div>
      )}
      {shown.documents && (
        <div id="documents" className={ANCHOR}>
          <DocumentsSection patientId={patient.id} ctx={ctx} />
        </div>
      )}
      <div id="forms" className={ANCHOR}>
        <IntakeFormsSection patientId={patient.id} />
      </div>
      <div id="prescriptions" className={ANCHOR}>
        <PrescriptionsSection patientId={patient.id} />
      </div>
      <div id="care" className={ANCHOR}>
        <CareInstructionsSection patientId={patient.id} />
      </div>
      {/* The longest list streams in after the rest (a route-level loading.tsx would turn another clinic's 404 into a 200). */}
      <div id="messages" className={ANCHOR}>
        <Suspense fallback={<HistorySkeleton />}>
          <HistorySection clinicId={ctx.clinicId} patientId={patient.id} timeZone={timeZone} />
        </Suspense>
      </div>
      <section id="edit" aria-labelledby="edit-heading" className="scroll-mt-16 rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
        <h2 id="edit-heading" className="mb-4 text-base font-semibold">
          {t("editTitle")}
        </h2>
        <PatientForm
          patientId={patient.id}
          initial={{
            firstName: patient.firstName,
            lastName: patient.lastName,
            phone: patient.phone ? formatPhone(patient.phone) : "",
            email: patient.email ?? "",
            preferredLocale: patient.preferredLocale,
            optOutWhatsapp: Boolean(patient.whatsappOptedOutAt),
            optOutSms: Boolean(patient.smsOptedOutAt),
            optOutEmail: Boolean(patient.emailOptedOutAt),
          }}
        />
      </section>
    </div>
  );
}
