import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { formatFileSize, getLinkedDocument } from "@/lib/documents/queries";
import { formatPhone } from "@/lib/patients/phone";
import { ClinicPhoneLink, LinkShell } from "../_components/link-shell";
import { NotFoundView } from "../_components/not-found-view";
import type { LinkViewProps } from "./types";

/** Lab results and prescriptions: what it is, from whom, one big "Open PDF" button, and when the link ends. */
export async function DocumentView({ token, open }: LinkViewProps) {
  const { link, clinic, patient } = open;
  const document = await getLinkedDocument(await getDb(), { clinicId: clinic.id, patientId: patient.id, documentId: link.targetId });
  if (!document) return <NotFoundView locale={patient.locale} />;
  const locale = patient.locale;
  const t = await getTranslations({ locale, namespace: "patientLink" });
  const expires = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: clinic.timezone,
  }).format(link.expiresAt);
  const kind = document.kind;
  return (
    <LinkShell clinicName={clinic.name}>
      <p className="text-gray-700">{t("greeting", { firstName: patient.firstName })},</p>
      <h1 className="text-2xl font-semibold leading-tight">{t(`document.${kind}.title`)}</h1>
      <p className="text-gray-700">{t(`document.${kind}.body`)}</p>
      <div className="space-y-2">
        <a
          href={`/l/${token}/file`}
          className="flex min-h-12 w-full items-center justify-center rounded-lg bg-brand-600 px-4 py-3 text-lg font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          data-testid="open-document"
        >
          {t("document.open")}
        </a>
        <p className="text-center text-sm text-gray-600">{t("document.fileSize", { size: formatFileSize(document.sizeBytes, locale) })}</p>
      </div>
      {/* Two paragraphs: the Spanish time ends in "p.m.", so the sentence carries no period of its own. */}
      <div className="space-y-1 text-sm text-gray-700">
        <p>{t("expiresOn", { date: expires })}</p>
        <p>{t("privacyNote")}</p>
      </div>
      <p className="text-sm text-gray-700">{t("document.questions", { clinic: clinic.name })}</p>
      <ClinicPhoneLink
        phone={clinic.phone}
        label={t("callClinic", { clinic: clinic.name, phone: clinic.phone ? formatPhone(clinic.phone) : "" })}
      />
    </LinkShell>
  );
}
