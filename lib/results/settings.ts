import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clinics } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";

export const RESULTS_SETTINGS_FIELDS = [
  "lateCancelHours",
  "autoAttendAfterHours",
  "baselineNoShowPercent",
  "baselineConfirmationPercent",
  "baselineTimeToConfirmHours",
] as const;
export type ResultsSettingsField = (typeof RESULTS_SETTINGS_FIELDS)[number];

const blankToUndefined = (v: unknown) =>
  typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim().replace(",", ".") : v;
const optionalNumber = (min: number, max: number, message: string, step: "int" | "decimal") =>
  z.preprocess(
    blankToUndefined,
    (step === "int" ? z.coerce.number(message).int(message) : z.coerce.number(message)).min(min, message).max(max, message).optional(),
  );

/**
 * What an admin enters on Settings → Results: the late-cancel window (hours, 0 = none), the auto-attend rule
 * (hours, blank = off), and the clinic's figures from before Luna (optional; percents with one decimal, hours).
 */
export const resultsSettingsSchema = z.object({
  lateCancelHours: z.preprocess(
    blankToUndefined,
    z.coerce.number("hoursInvalid").int("hoursInvalid").min(0, "hoursInvalid").max(168, "hoursInvalid"),
  ),
  autoAttendAfterHours: optionalNumber(1, 168, "hoursInvalid", "int"),
  baselineNoShowPercent: optionalNumber(0, 100, "percentInvalid", "decimal"),
  baselineConfirmationPercent: optionalNumber(0, 100, "percentInvalid", "decimal"),
  baselineTimeToConfirmHours: optionalNumber(0, 24 * 30, "hoursInvalid", "decimal"),
});

export type ChangeResultsSettingsResult =
  | { ok: true; changed: string[] }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; fieldErrors: Partial<Record<ResultsSettingsField, string>> };

/** Saves the results rules and baselines (admins only); audited with the names of the columns that changed. */
export async function changeResultsSettings(db: Db, ctx: StaffContext, input: unknown): Promise<ChangeResultsSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = resultsSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<ResultsSettingsField>(parsed.error, { topLevel: true });
    return { ok: false, error: "invalid", fieldErrors };
  }
  const v = parsed.data;
  const next = {
    lateCancelHours: v.lateCancelHours,
    autoAttendAfterHours: v.autoAttendAfterHours ?? null,
    baselineNoShowRateBp: v.baselineNoShowPercent === undefined ? null : Math.round(v.baselineNoShowPercent * 100),
    baselineConfirmationRateBp: v.baselineConfirmationPercent === undefined ? null : Math.round(v.baselineConfirmationPercent * 100),
    baselineTimeToConfirmMinutes: v.baselineTimeToConfirmHours === undefined ? null : Math.round(v.baselineTimeToConfirmHours * 60),
  };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        lateCancelHours: clinics.lateCancelHours,
        autoAttendAfterHours: clinics.autoAttendAfterHours,
        baselineNoShowRateBp: clinics.baselineNoShowRateBp,
        baselineConfirmationRateBp: clinics.baselineConfirmationRateBp,
        baselineTimeToConfirmMinutes: clinics.baselineTimeToConfirmMinutes,
      })
      .from(clinics)
      .where(eq(clinics.id, ctx.clinicId))
      .limit(1);
    if (!current) return { ok: false as const, error: "forbidden" as const };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
    if (changed.length === 0) return { ok: true as const, changed };
    await tx.update(clinics).set(next).where(eq(clinics.id, ctx.clinicId));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "clinic.results_settings",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { changed },
    });
    return { ok: true as const, changed };
  });
}
