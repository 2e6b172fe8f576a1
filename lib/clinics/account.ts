import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { CLINIC_ACCOUNT_FIELDS, clinicAccountSchema, type ClinicAccountField } from "./schemas";
import { fieldErrorsOf, requiredOrMessage } from "@/lib/errors";

export interface ClinicAccount {
  name: string;
  timezone: string;
  videoRoomBaseUrl: string | null;
  phone: string | null;
  address: string | null;
}

/** The account settings of the staff member's clinic. */
export async function getClinicAccount(db: Db, params: { clinicId: string }): Promise<ClinicAccount | null> {
  const [row] = await db
    .select({
      name: clinics.name,
      timezone: clinics.timezone,
      videoRoomBaseUrl: clinics.videoRoomBaseUrl,
      phone: clinics.phone,
      address: clinics.address,
    })
    .from(clinics)
    .where(eq(clinics.id, params.clinicId))
    .limit(1);
  return row ?? null;
}

export type ChangeClinicAccountResult =
  | { ok: true; changed: ClinicAccountField[] }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; fieldErrors: Partial<Record<ClinicAccountField, string>> };

/**
 * Saves the clinic's name, timezone, video room base URL, phone and address (admins only). Nothing is written on
 * an error; a change is audited with the names of the fields that changed, never their values.
 */
export async function changeClinicAccount(db: Db, ctx: StaffContext, input: unknown): Promise<ChangeClinicAccountResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = clinicAccountSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<ClinicAccountField>(parsed.error, { topLevel: true, message: requiredOrMessage });
    return { ok: false, error: "invalid", fieldErrors };
  }
  const values = parsed.data;
  return db.transaction(async (tx) => {
    const existing = await getClinicAccount(tx, { clinicId: ctx.clinicId });
    if (!existing) return { ok: false as const, error: "forbidden" as const };
    const changed = CLINIC_ACCOUNT_FIELDS.filter((field) => (values[field] ?? null) !== (existing[field] ?? null));
    if (changed.length === 0) return { ok: true as const, changed };
    await tx.update(clinics).set(values).where(eq(clinics.id, ctx.clinicId));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "clinic.update",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { fields: changed },
    });
    return { ok: true as const, changed };
  });
}
