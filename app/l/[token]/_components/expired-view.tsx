import { getTranslations } from "next-intl/server";
import type { Locale } from "@/db/schema";
import type { LinkClinic } from "@/lib/links/secure-links";
import { formatPhone } from "@/lib/patients/phone";
import { ClinicPhoneLink, LinkShell } from "./link-shell";

/** Expired and revoked links read the same: the link no longer works, ask the clinic for a new one. */
export async function ExpiredView({ clinic, locale }: { clinic: LinkClinic; locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "patientLink" });
  return (
    <LinkShell clinicName={clinic.name}>
      <h1 className="text-2xl font-semibold leading-tight">{t("expiredTitle")}</h1>
      <p className="text-gray-700">{t("expiredBody", { clinic: clinic.name })}</p>
      <ClinicPhoneLink phone={clinic.phone} label={t("callClinic", { clinic: clinic.name, phone: clinic.phone ? formatPhone(clinic.phone) : "" })} />
    </LinkShell>
  );
}
