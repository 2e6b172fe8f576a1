import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getLinkedCareInstructions } from "@/lib/care-instructions/queries";
import { formatPhone } from "@/lib/patients/phone";
import { ClinicPhoneLink, LinkShell } from "../_components/link-shell";
import type { LinkViewProps } from "./types";

/** Care instructions after a visit (purpose "care_plan"): the doctor's words, one paragraph per line. */
export async function CarePlanView({ open }: LinkViewProps) {
  const { link, clinic, patient } = open;
  const instructions = await getLinkedCareInstructions(await getDb(), {
    clinicId: clinic.id,
    patientId: patient.id,
    careInstructionsId: link.targetId,
  });
  if (!instructions) notFound();
  const locale = patient.locale;
  const [t, tl] = await Promise.all([
    getTranslations({ locale, namespace: "carePlan" }),
    getTranslations({ locale, namespace: "patientLink" }),
  ]);
  const dateFormat = (date: Date, withTime: boolean) =>
    new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
      dateStyle: "long",
      timeStyle: withTime ? "short" : undefined,
      timeZone: clinic.timezone,
    }).format(date);
  const paragraphs = instructions.body
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <LinkShell clinicName={clinic.name}>
      <h1 className="text-2xl font-semibold leading-tight">{t("title")}</h1>
      <p className="text-gray-700">
        {instructions.visitStartsAt
          ? t("intro", {
              firstName: patient.firstName,
              doctor: instructions.doctorName,
              date: dateFormat(instructions.visitStartsAt, false),
            })
          : t("introNoVisit", { firstName: patient.firstName, doctor: instructions.doctorName })}
      </p>
      <article className="space-y-3 rounded-lg bg-white p-4 text-gray-900 shadow-sm ring-1 ring-gray-200" data-testid="care-instructions">
        {paragraphs.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
        <p className="text-right text-sm text-gray-600">— {instructions.doctorName}</p>
      </article>
      <p className="text-sm text-gray-700">
        {tl("expiresOn", { date: dateFormat(link.expiresAt, true) })} {tl("privacyNote")}
      </p>
      <p className="text-sm text-gray-700">{t("questions", { clinic: clinic.name })}</p>
      <ClinicPhoneLink
        phone={clinic.phone}
        label={tl("callClinic", { clinic: clinic.name, phone: clinic.phone ? formatPhone(clinic.phone) : "" })}
      />
    </LinkShell>
  );
}
