import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  channels,
  CURRENT_PRIVACY_NOTICE_VERSION,
  marketingConsentEvents,
  marketingConsents,
  patients,
  type Channel,
  type ConsentSource,
  type MarketingConsent,
} from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * Grants or revokes a patient's marketing consent on one channel, with its evidence (how, by whom, under
 * which privacy notice), and appends the event. Pass the transaction the change belongs to. Reminders and
 * other transactional messages never read this: a revocation here leaves them flowing.
 * Returns whether anything changed (granting what is granted, or revoking what is not, changes nothing).
 */
export async function setMarketingConsent(
  db: Db,
  params: {
    clinicId: string;
    patientId: string;
    channel: Channel;
    granted: boolean;
    source: ConsentSource;
    actorUserId: string | null;
    now: Date;
    noticeVersion?: string;
  },
): Promise<boolean> {
  const noticeVersion = params.noticeVersion ?? CURRENT_PRIVACY_NOTICE_VERSION;
  const [current] = await db
    .select({ grantedAt: marketingConsents.grantedAt })
    .from(marketingConsents)
    .where(
      and(
        eq(marketingConsents.clinicId, params.clinicId),
        eq(marketingConsents.patientId, params.patientId),
        eq(marketingConsents.channel, params.channel),
        eq(marketingConsents.purpose, "marketing"),
      ),
    )
    .limit(1);
  const isGranted = Boolean(current?.grantedAt);
  if (isGranted === params.granted) return false;
  // No row and a revocation: nothing was ever granted, nothing to record.
  if (!current && !params.granted) return false;
  const values = {
    grantedAt: params.granted ? params.now : null,
    revokedAt: params.granted ? null : params.now,
    source: params.source,
    actorUserId: params.actorUserId,
    noticeVersion,
    updatedAt: params.now,
  };
  await db
    .insert(marketingConsents)
    .values({ clinicId: params.clinicId, patientId: params.patientId, channel: params.channel, purpose: "marketing", ...values })
    .onConflictDoUpdate({
      target: [marketingConsents.clinicId, marketingConsents.patientId, marketingConsents.channel, marketingConsents.purpose],
      set: values,
    });
  await db.insert(marketingConsentEvents).values({
    clinicId: params.clinicId,
    patientId: params.patientId,
    channel: params.channel,
    purpose: "marketing",
    granted: params.granted ? "granted" : "revoked",
    source: params.source,
    actorUserId: params.actorUserId,
    noticeVersion,
    occurredAt: params.now,
  });
  return true;
}

/** The patient's marketing consent per channel (missing channel = never asked = off). */
export async function listMarketingConsents(db: Db, params: { clinicId: string; patientId: string }): Promise<MarketingConsent[]> {
  return db
    .select()
    .from(marketingConsents)
    .where(and(eq(marketingConsents.clinicId, params.clinicId), eq(marketingConsents.patientId, params.patientId)))
    .orderBy(asc(marketingConsents.channel));
}

/** The evidence trail, newest first. */
export async function listMarketingConsentEvents(db: Db, params: { clinicId: string; patientId: string; limit?: number }) {
  return db
    .select()
    .from(marketingConsentEvents)
    .where(and(eq(marketingConsentEvents.clinicId, params.clinicId), eq(marketingConsentEvents.patientId, params.patientId)))
    .orderBy(desc(marketingConsentEvents.occurredAt))
    .limit(params.limit ?? 20);
}

export const changeConsentInputSchema = z.object({
  patientId: z.uuid("notFound"),
  channel: z.enum(channels, "invalidChannel"),
  granted: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
});

export type ChangeConsentResult = { ok: true; changed: boolean } | { ok: false; error: "forbidden" | "notFound" | "invalid" };

/**
 * Staff record a patient's marketing consent from the chart (given on paper or in person, or withdrawn):
 * only for a patient of their own clinic; audited (channel and new state, never personal values).
 */
export async function changeMarketingConsentAsStaff(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<ChangeConsentResult> {
  if (!can(ctx.role, "patients:write")) return { ok: false, error: "forbidden" };
  const parsed = changeConsentInputSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.some((i) => i.path[0] === "patientId") ? "notFound" : "invalid" };
  const { patientId, channel, granted } = parsed.data;
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [patient] = await tx
      .select({ id: patients.id })
      .from(patients)
      .where(and(eq(patients.id, patientId), eq(patients.clinicId, ctx.clinicId)))
      .for("update")
      .limit(1);
    if (!patient) return { ok: false, error: "notFound" } as const;
    const changed = await setMarketingConsent(tx, {
      clinicId: ctx.clinicId,
      patientId,
      channel,
      granted,
      source: "staff",
      actorUserId: ctx.userId,
      now,
    });
    if (changed) {
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: granted ? "marketing_consent.grant" : "marketing_consent.revoke",
        entityType: "patient",
        entityId: patientId,
        metadata: { channel, noticeVersion: CURRENT_PRIVACY_NOTICE_VERSION },
      });
    }
    return { ok: true, changed } as const;
  });
}
