import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getFormForPatient, markFormOpened } from "@/lib/forms/submit-intake-answers";
import { formatPhone } from "@/lib/patients/phone";
import { LinkShell } from "../_components/link-shell";
import { IntakeForm, type IntakeFormValues } from "./intake-form";
import type { LinkViewProps } from "./types";

/**
 * The clinic's intake form (purpose "form"): the first open marks it opened; the patient fills it in,
 * and may come back while the link is valid to change the answers (prefilled).
 */
export async function FormView({ token, open, now }: LinkViewProps) {
  const { link, clinic, patient } = open;
  const db = await getDb();
  const form = await getFormForPatient(db, { clinicId: clinic.id, patientId: patient.id, formRequestId: link.targetId });
  if (!form) notFound();
  await markFormOpened(db, { clinicId: clinic.id, formRequestId: form.id, now });
  const locale = patient.locale;
  const t = await getTranslations({ locale, namespace: "intakeForm" });
  const editableUntil = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: clinic.timezone,
  }).format(link.expiresAt);
  const answers = form.answers;
  const initial: IntakeFormValues = {
    dateOfBirth: answers?.dateOfBirth ?? "",
    allergies: answers?.allergies ?? "",
    medications: answers?.medications ?? "",
    conditions: answers?.conditions ?? "",
    emergencyContactName: answers?.emergencyContactName ?? "",
    emergencyContactPhone: answers?.emergencyContactPhone ? formatPhone(answers.emergencyContactPhone) : "",
    consent: answers?.consent ?? false,
  };
  const completed = form.status === "completed";
  return (
    <LinkShell clinicName={clinic.name}>
      <h1 className="text-2xl font-semibold leading-tight">{t("title")}</h1>
      <p className="text-gray-700">
        {completed
          ? t("editIntro", { firstName: patient.firstName, date: editableUntil })
          : t("intro", { firstName: patient.firstName, clinic: clinic.name })}
      </p>
      <IntakeForm token={token} clinicName={clinic.name} initial={initial} completed={completed} editableUntil={editableUntil} />
    </LinkShell>
  );
}
