import { getTranslations } from "next-intl/server";
import type { Locale } from "@/db/schema";
import type { LinkClinic } from "@/lib/links/secure-links";
import { formatPhone } from "@/lib/patients/phone";
import { ClinicPhoneLink, LinkShell } from "./link-shell";

/**
 * A link that no longer works (answered 410 Gone): it expired ("ask the clinic for a new one"), or the
 * clinic withdrew it. Both name the clinic and offer its phone, in the patient's language.
 */
export async function ExpiredView({ clinic, locale, reason }: { clinic: LinkClinic; locale: Locale; reason: "expired" | "revoked" }) {
  const t = await getTranslations({ locale, namespace: "patientLink" });
  return (
    <LinkShell clinicName={clinic.name}>
      <h1 className="text-2xl font-semibold leading-tight">{t(reason === "revoked" ? "revokedTitle" : "expiredTitle")}</h1>
      <p className="text-gray-700">{t(reason === "revoked" ? "revokedBody" : "expiredBody", { clinic: clinic.name })}</p>
      <ClinicPhoneLink
        phone={clinic.phone}
        label={t("callClinic", { clinic: clinic.name, phone: clinic.phone ? formatPhone(clinic.phone) : "" })}
      />
    </LinkShell>
  );
}
