import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { patients } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { UNIQUE_VIOLATION, fieldErrorsOf, requiredOrMessage, sqlStateOf } from "@/lib/errors";
import { patientInputSchema, type PatientFormField } from "./schemas";
import { findPatientWithPhone, getPatient, optOutColumns } from "./queries";

export type FieldErrors = Partial<Record<PatientFormField, string>>;

/** Who already has the phone (same clinic): enough for staff to recognise and open them, not the whole number. */
export interface PhoneTakenBy {
  patientId: string;
  firstName: string;
  phoneLast4: string;
}

export type SavePatientResult =
  | { ok: true; patientId: string }
  | { ok: false; error: "invalid"; fieldErrors: FieldErrors; phoneTakenBy?: PhoneTakenBy }
  | { ok: false; error: "notFound" | "forbidden" };

/**
 * Creates (no patientId) or updates a patient of the staff member's clinic. Validation, the
 * clinic-unique phone and the audit entry all happen here; nothing is written on any error.
 */
export async function savePatient(
  db: Db,
  ctx: StaffContext,
  params: { patientId?: string; input: Record<string, unknown>; now?: Date },
): Promise<SavePatientResult> {
  if (!can(ctx.role, "patients:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();

  const existing = params.patientId ? await getPatient(db, { clinicId: ctx.clinicId, patientId: params.patientId }) : null;
  if (params.patientId && !existing) return { ok: false, error: "notFound" };

  const parsed = patientInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = fieldErrorsOf<PatientFormField>(parsed.error, { topLevel: true, message: requiredOrMessage });
    return { ok: false, error: "invalid", fieldErrors };
  }
  const input = parsed.data;
  const phone = input.phone ?? null;
  const findHolder = async () =>
    phone ? findPatientWithPhone(db, { clinicId: ctx.clinicId, phone, exceptPatientId: existing?.id }) : null;
  const phoneTaken = (phoneTakenBy: PhoneTakenBy | null): SavePatientResult => ({
    ok: false,
    error: "invalid",
    fieldErrors: { phone: "phoneTaken" },
    ...(phoneTakenBy ? { phoneTakenBy } : {}),
  });
  const holder = await findHolder();
  if (holder) return phoneTaken(holder);

  const values = {
    firstName: input.firstName,
    lastName: input.lastName,
    phone,
    email: input.email ?? null,
    preferredLocale: input.preferredLocale,
    ...optOutColumns(input, existing, now),
  };

  try {
    const patientId = await db.transaction(async (tx) => {
      if (existing) {
        const changed = (Object.keys(values) as (keyof typeof values)[]).filter(
          (key) => String(values[key] ?? "") !== String(existing[key] ?? ""),
        );
        await tx
          .update(patients)
          .set({ ...values, updatedAt: now })
          .where(and(eq(patients.clinicId, ctx.clinicId), eq(patients.id, existing.id)));
        await recordAudit(tx, {
          clinicId: ctx.clinicId,
          actorUserId: ctx.userId,
          action: "patient.update",
          entityType: "patient",
          entityId: existing.id,
          metadata: { fields: changed },
        });
        return existing.id;
      }
      const [created] = await tx
        .insert(patients)
        .values({ ...values, clinicId: ctx.clinicId, createdAt: now, updatedAt: now })
        .returning({ id: patients.id });
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "patient.create",
        entityType: "patient",
        entityId: created.id,
      });
      return created.id;
    });
    return { ok: true, patientId };
  } catch (error) {
    // Two staff saving the same phone at once: the unique index is the last word.
    if (sqlStateOf(error) === UNIQUE_VIOLATION) return phoneTaken(await findHolder());
    throw error;
  }
}
