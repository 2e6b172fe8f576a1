import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { patients } from "@/db/schema";
import { verifyUnsubscribeToken } from "@/lib/notifications/unsubscribe-link";
import { setMarketingConsent } from "./consent";

export { unsubscribeHeaders, unsubscribeToken, verifyUnsubscribeToken, UNSUBSCRIBE_PATH } from "@/lib/notifications/unsubscribe-link";

/** The patient's language for the confirmation page (null for a bad token). */
export async function unsubscribeLocale(db: Db, token: unknown): Promise<"es" | "en" | null> {
  const subject = verifyUnsubscribeToken(token);
  if (!subject) return null;
  const [patient] = await db
    .select({ locale: patients.preferredLocale })
    .from(patients)
    .where(and(eq(patients.id, subject.patientId), eq(patients.clinicId, subject.clinicId)))
    .limit(1);
  return patient?.locale ?? null;
}

/**
 * The one-click POST: withdraws marketing consent on that channel only (source unsubscribe_link). A bad
 * token changes nothing. Reminders are untouched.
 */
export async function unsubscribeWithToken(db: Db, params: { token: unknown; now: Date }): Promise<{ ok: boolean; locale?: "es" | "en" }> {
  const subject = verifyUnsubscribeToken(params.token);
  if (!subject) return { ok: false };
  const [patient] = await db
    .select({ id: patients.id, locale: patients.preferredLocale })
    .from(patients)
    .where(and(eq(patients.id, subject.patientId), eq(patients.clinicId, subject.clinicId)))
    .limit(1);
  if (!patient) return { ok: false };
  await setMarketingConsent(db, { ...subject, granted: false, source: "unsubscribe_link", actorUserId: null, now: params.now });
  return { ok: true, locale: patient.locale };
}
