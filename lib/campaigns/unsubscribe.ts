import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channels, patients, type Channel } from "@/db/schema";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { publicBaseUrl } from "@/lib/links/public-url";
import { setMarketingConsent } from "./consent";

/** The path of the one-click unsubscribe endpoint (List-Unsubscribe, RFC 8058), below PUBLIC_BASE_URL. */
export const UNSUBSCRIBE_PATH = "/api/unsubscribe";

const subjectSchema = z.tuple([z.uuid(), z.uuid(), z.enum(channels)]);

function sign(payload: string, secret: string) {
  return createHmac("sha256", `campaign-unsubscribe:${secret}`).update(payload).digest("base64url").slice(0, 32);
}

/**
 * A token naming one patient's marketing consent on one channel, signed with the app secret: it only
 * withdraws that consent (nothing to read behind it), so it needs no row and never expires.
 */
export function unsubscribeToken(params: { clinicId: string; patientId: string; channel: Channel }, secret = resolveAuthSecret()): string {
  const payload = Buffer.from(`${params.clinicId}.${params.patientId}.${params.channel}`).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyUnsubscribeToken(
  token: unknown,
  secret = resolveAuthSecret(),
): { clinicId: string; patientId: string; channel: Channel } | null {
  if (typeof token !== "string" || token.length > 300) return null;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const parsed = subjectSchema.safeParse(Buffer.from(payload, "base64url").toString("utf8").split("."));
  if (!parsed.success) return null;
  const [clinicId, patientId, channel] = parsed.data;
  return { clinicId, patientId, channel };
}

/** The headers of a campaign email: one-click unsubscribe (Gmail and Yahoo require it for bulk mail). */
export function unsubscribeHeaders(params: { clinicId: string; patientId: string; channel: Channel }): Record<string, string> {
  const url = `${publicBaseUrl()}${UNSUBSCRIBE_PATH}/${unsubscribeToken(params)}`;
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

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
