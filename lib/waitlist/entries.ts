import { and, asc, desc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { patients, users, waitlistEntries, type WaitlistEntry } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { getPatient } from "@/lib/patients/queries";
import { waitlistEntryInputSchema, type WaitlistEntryInput } from "./schemas";

export type WaitlistEntryResult =
  | { ok: true; entryId: string }
  | { ok: false; error: "forbidden" | "notFound" }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> };

async function doctorOfClinic(db: Db, params: { clinicId: string; doctorId: string }) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, params.doctorId), eq(users.clinicId, params.clinicId), eq(users.role, "doctor")))
    .limit(1);
  return Boolean(row);
}

function columnsOf(input: WaitlistEntryInput) {
  return {
    doctorId: input.doctorId ?? null,
    kind: input.kind ?? null,
    weekdays: input.weekdays,
    fromMinute: input.fromTime ?? null,
    toMinute: input.toTime ?? null,
    durationMinutes: input.durationMinutes,
    expiresOn: input.expiresOn ?? null,
    notes: input.notes ?? null,
  };
}

/** Names of the fields an entry was saved with (the audit log keeps names, never values). */
const fieldNames = (input: WaitlistEntryInput) =>
  Object.entries(columnsOf(input))
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k);

async function validate(db: Db, ctx: StaffContext, input: Record<string, unknown>) {
  const parsed = waitlistEntryInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrorsOf(parsed.error) } as const;
  const data = parsed.data;
  if (!(await getPatient(db, { clinicId: ctx.clinicId, patientId: data.patientId }))) {
    return { ok: false, error: "invalid", fieldErrors: { patientId: "patientNotFound" } } as const;
  }
  if (data.doctorId && !(await doctorOfClinic(db, { clinicId: ctx.clinicId, doctorId: data.doctorId }))) {
    return { ok: false, error: "invalid", fieldErrors: { doctorId: "doctorNotFound" } } as const;
  }
  return { ok: true, data } as const;
}

/** Puts a patient of the clinic on its waitlist. Audited; bad input (or another clinic's patient or doctor) writes nothing. */
export async function addWaitlistEntry(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<WaitlistEntryResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const checked = await validate(db, ctx, params.input);
  if (!checked.ok) return checked;
  const input = checked.data;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(waitlistEntries)
      .values({
        clinicId: ctx.clinicId,
        patientId: input.patientId,
        ...columnsOf(input),
        createdByUserId: ctx.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: waitlistEntries.id });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "waitlist.add",
      entityType: "waitlist_entry",
      entityId: row.id,
      metadata: { fields: fieldNames(input) },
    });
    return { ok: true, entryId: row.id } as const;
  });
}

/** Edits a waiting entry of the clinic (the patient stays the same). */
export async function updateWaitlistEntry(
  db: Db,
  ctx: StaffContext,
  params: { entryId: string; input: Record<string, unknown>; now?: Date },
): Promise<WaitlistEntryResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const existing = await getWaitlistEntry(db, { clinicId: ctx.clinicId, entryId: params.entryId });
  if (!existing || existing.status !== "waiting") return { ok: false, error: "notFound" };
  const checked = await validate(db, ctx, { ...params.input, patientId: existing.patientId });
  if (!checked.ok) return checked;
  const input = checked.data;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(waitlistEntries)
      .set({ ...columnsOf(input), updatedAt: now })
      .where(and(eq(waitlistEntries.id, existing.id), eq(waitlistEntries.clinicId, ctx.clinicId), eq(waitlistEntries.status, "waiting")))
      .returning({ id: waitlistEntries.id });
    if (!row) return { ok: false, error: "notFound" } as const;
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "waitlist.update",
      entityType: "waitlist_entry",
      entityId: row.id,
      metadata: { fields: fieldNames(input) },
    });
    return { ok: true, entryId: row.id } as const;
  });
}

/** Takes a waiting entry off the clinic's waitlist (kept, status removed). */
export async function removeWaitlistEntry(
  db: Db,
  ctx: StaffContext,
  params: { entryId: string; now?: Date },
): Promise<{ ok: true } | { ok: false; error: "forbidden" | "notFound" }> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  if (!/^[0-9a-f-]{36}$/i.test(params.entryId)) return { ok: false, error: "notFound" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(waitlistEntries)
      .set({ status: "removed", updatedAt: now })
      .where(and(eq(waitlistEntries.id, params.entryId), eq(waitlistEntries.clinicId, ctx.clinicId), eq(waitlistEntries.status, "waiting")))
      .returning({ id: waitlistEntries.id });
    if (!row) return { ok: false, error: "notFound" } as const;
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "waitlist.remove",
      entityType: "waitlist_entry",
      entityId: row.id,
    });
    return { ok: true } as const;
  });
}

export async function getWaitlistEntry(db: Db, params: { clinicId: string; entryId: string }): Promise<WaitlistEntry | null> {
  if (!/^[0-9a-f-]{36}$/i.test(params.entryId)) return null;
  const [row] = await db
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.id, params.entryId), eq(waitlistEntries.clinicId, params.clinicId)))
    .limit(1);
  return row ?? null;
}

export interface WaitlistFilters {
  /** Default "waiting". */
  status?: WaitlistEntry["status"] | "all";
  /** A doctor's id: entries for that doctor and for "any doctor". */
  doctorId?: string;
  patientId?: string;
}

export type WaitlistRow = WaitlistEntry & { patientFirstName: string; patientLastName: string; doctorName: string | null };

/** The clinic's waitlist, earliest request first, with the patient's and doctor's names. */
export async function listWaitlist(db: Db, params: { clinicId: string } & WaitlistFilters): Promise<WaitlistRow[]> {
  const conditions: (SQL | undefined)[] = [eq(waitlistEntries.clinicId, params.clinicId)];
  const status = params.status ?? "waiting";
  if (status !== "all") conditions.push(eq(waitlistEntries.status, status));
  if (params.doctorId) conditions.push(or(eq(waitlistEntries.doctorId, params.doctorId), isNull(waitlistEntries.doctorId)));
  if (params.patientId) conditions.push(eq(waitlistEntries.patientId, params.patientId));
  const rows = await db
    .select({ entry: waitlistEntries, firstName: patients.firstName, lastName: patients.lastName, doctorName: users.name })
    .from(waitlistEntries)
    .innerJoin(patients, and(eq(patients.id, waitlistEntries.patientId), eq(patients.clinicId, waitlistEntries.clinicId)))
    .leftJoin(users, and(eq(users.id, waitlistEntries.doctorId), eq(users.clinicId, waitlistEntries.clinicId)))
    .where(and(...conditions))
    .orderBy(status === "waiting" ? asc(waitlistEntries.createdAt) : desc(waitlistEntries.createdAt), asc(waitlistEntries.id));
  return rows.map((r) => ({ ...r.entry, patientFirstName: r.firstName, patientLastName: r.lastName, doctorName: r.doctorName }));
}

/** Waiting entries of these patients (the chart shows whether a patient is on the waitlist). */
export async function waitingEntriesOf(db: Db, params: { clinicId: string; patientIds: string[] }) {
  if (params.patientIds.length === 0) return [];
  return db
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.clinicId, params.clinicId),
        inArray(waitlistEntries.patientId, params.patientIds),
        eq(waitlistEntries.status, "waiting"),
      ),
    );
}
