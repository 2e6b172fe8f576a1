import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dates";
import { viewFormAnswers } from "@/lib/forms/queries";
import { getPatient } from "@/lib/patients/queries";
import { formatPhone } from "@/lib/patients/phone";
import { Link } from "@/components/ui/link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("intakeForms"))("answersTitle") };
}

/** A patient's intake form answers, for staff of their clinic; every view is in the audit log. */
export default async function FormAnswersPage({ params }: { params: Promise<{ patientId: string; formRequestId: string }> }) {
  const ctx = await requireStaff("patients:read");
  const [{ patientId, formRequestId }, db, t, tf, locale] = await Promise.all([
    params,
    getDb(),
    getTranslations("intakeForms"),
    getTranslations("intakeForm"),
    getLocale(),
  ]);
  const patient = await getPatient(db, { clinicId: ctx.clinicId, patientId });
  if (!patient || !/^[0-9a-f-]{36}$/i.test(formRequestId)) notFound();
  const form = await viewFormAnswers(db, ctx, { patientId: patient.id, formRequestId });
  if (!form) notFound();
  const timeZone = ctx.clinic.timezone;
  const when = (date: Date) => formatDateTime(date, { locale, timeZone });
  const a = form.answers;
  const dob = a?.dateOfBirth
    ? new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(`${a.dateOfBirth}T00:00:00Z`),
      )
    : null;
  const rows: [string, string][] = a
    ? [
        [tf("fields.dateOfBirth"), dob ?? t("none")],
        [tf("fields.allergies"), a.allergies || t("none")],
        [tf("fields.medications"), a.medications || t("none")],
        [tf("fields.conditions"), a.conditions || t("none")],
        [`${tf("fields.emergencyContact")} · ${tf("fields.emergencyContactName")}`, a.emergencyContactName],
        [`${tf("fields.emergencyContact")} · ${tf("fields.emergencyContactPhone")}`, formatPhone(a.emergencyContactPhone)],
        [t("status.completed"), a.consent ? t("consentGiven") : t("none")],
      ]
    : [];

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link href={`/patients/${patient.id}`} className="text-sm text-brand-700 hover:underline">
          ← {t("back")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{t("answersTitle")}</h1>
        <p className="mt-1 text-gray-700">
          {patient.firstName} {patient.lastName}
        </p>
        <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-gray-600">
          <span>{t("sentAt", { date: when(form.sentAt) })}</span>
          {form.submittedAt && <span data-testid="submitted-at">{t("submittedAt", { date: when(form.submittedAt) })}</span>}
          {form.answersUpdatedAt && form.submittedAt && form.answersUpdatedAt.getTime() !== form.submittedAt.getTime() && (
            <span data-testid="updated-at">{t("updatedAt", { date: when(form.answersUpdatedAt) })}</span>
          )}
        </p>
      </div>
      {!a ? (
        <p className="text-sm text-gray-600">{t("noAnswers")}</p>
      ) : (
        <dl className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200" data-testid="form-answers">
          {rows.map(([label, value]) => (
            <div key={label} className="grid gap-1 px-4 py-3 sm:grid-cols-3 sm:gap-4">
              <dt className="text-sm font-medium text-gray-600">{label}</dt>
              <dd className="whitespace-pre-line text-sm text-gray-900 sm:col-span-2">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
