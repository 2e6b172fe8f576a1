import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { doctorProfiles, doctorTitles, users, type DoctorTitle } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { checkSchedule, type DoctorSchedule, type ScheduleError } from "./doctor-hours";
import { fieldErrorsOf } from "@/lib/errors";

export interface DoctorSettings extends DoctorSchedule {
  id: string;
  name: string;
  title: DoctorTitle | null;
  specialty: string | null;
}

/** The clinic's active doctors with their title, specialty, hours and time off (Settings → Doctors), by name. */
export async function listDoctorSettings(db: Db, params: { clinicId: string }): Promise<DoctorSettings[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      title: users.title,
      specialty: doctorProfiles.specialty,
      workingHours: doctorProfiles.workingHours,
      timeOff: doctorProfiles.timeOff,
    })
    .from(users)
    .leftJoin(doctorProfiles, and(eq(doctorProfiles.userId, users.id), eq(doctorProfiles.clinicId, params.clinicId)))
    .where(and(eq(users.clinicId, params.clinicId), eq(users.role, "doctor"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, specialty: r.specialty ?? null, workingHours: r.workingHours ?? [], timeOff: r.timeOff ?? [] }));
}

/** One doctor's hours and time off, or null when the doctor is not this clinic's (or has none set). */
export async function getDoctorSchedule(db: Db, params: { clinicId: string; doctorId: string }): Promise<DoctorSchedule | null> {
  const [row] = await db
    .select({ workingHours: doctorProfiles.workingHours, timeOff: doctorProfiles.timeOff })
    .from(doctorProfiles)
    .where(and(eq(doctorProfiles.userId, params.doctorId), eq(doctorProfiles.clinicId, params.clinicId)))
    .limit(1);
  return row ?? null;
}

/** Every doctor's schedule in the clinic, by doctor id (the calendar greys hours with it). */
export async function listDoctorSchedules(db: Db, params: { clinicId: string }): Promise<Record<string, DoctorSchedule>> {
  const rows = await db
    .select({ userId: doctorProfiles.userId, workingHours: doctorProfiles.workingHours, timeOff: doctorProfiles.timeOff })
    .from(doctorProfiles)
    .where(eq(doctorProfiles.clinicId, params.clinicId));
  return Object.fromEntries(rows.map((r) => [r.userId, { workingHours: r.workingHours, timeOff: r.timeOff }]));
}

// jsonb keeps its own key order: compare the values, not the stored text.
const hoursKey = (hours: DoctorSchedule["workingHours"]) => hours.map((i) => `${i.weekday} ${i.start}-${i.end}`).join("|");
const timeOffKey = (off: DoctorSchedule["timeOff"]) => off.map((t) => `${t.from} ${t.to} ${t.reason ?? ""}`).join("|");

const trimmed = z.string().transform((v) => v.trim());

export const doctorSettingsSchema = z.object({
  doctorId: z.uuid("doctorNotFound"),
  name: trimmed.pipe(z.string().min(1, "required").max(120, "tooLong")),
  title: z.preprocess((v) => (v === "" || v === "none" ? null : v), z.enum(doctorTitles, "titleInvalid").nullable()),
  specialty: z.preprocess(
    (v) => (v == null ? "" : v),
    trimmed.pipe(z.string().max(120, "tooLong")).transform((v) => (v === "" ? null : v)),
  ),
  workingHours: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() }), "timeInvalid").max(70, "tooLong"),
  timeOff: z
    .array(z.object({ from: z.string(), to: z.string(), reason: z.string().nullable().optional() }), "dateInvalid")
    .max(100, "tooLong"),
});

export type DoctorSettingsField = "doctorId" | "name" | "title" | "specialty" | "workingHours" | "timeOff";

export type SaveDoctorResult =
  | { ok: true; changed: DoctorSettingsField[] }
  | { ok: false; error: "forbidden" }
  | {
      ok: false;
      error: "invalid";
      fieldErrors: Partial<Record<DoctorSettingsField, string>>;
      scheduleErrors?: ScheduleError[];
    };

/**
 * Saves a doctor's name, title, specialty, working hours and time off (admins only). Another clinic's doctor,
 * a bad time, overlapping intervals or one that ends before it starts, time off that ends before it starts:
 * an error code, nothing written. A change is audited with the names of the fields that changed, never values.
 */
export async function saveDoctorSettings(db: Db, ctx: StaffContext, input: unknown): Promise<SaveDoctorResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = doctorSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf<DoctorSettingsField>(parsed.error, {
      topLevel: true,
      message: (issue, field) => (field === "workingHours" ? "timeInvalid" : field === "timeOff" ? "dateInvalid" : issue.message),
    });
    return { ok: false, error: "invalid", fieldErrors };
  }
  const values = parsed.data;
  const checked = checkSchedule({
    workingHours: values.workingHours,
    timeOff: values.timeOff.map((t) => ({ from: t.from, to: t.to, reason: t.reason ?? null })),
  });
  if (!checked.ok) {
    const fieldErrors: Partial<Record<DoctorSettingsField, string>> = {};
    for (const e of checked.errors) fieldErrors[e.field] ??= e.code;
    return { ok: false, error: "invalid", fieldErrors, scheduleErrors: checked.errors };
  }
  const schedule = checked.schedule;

  return db.transaction(async (tx) => {
    const [doctor] = await tx
      .select({ id: users.id, name: users.name, title: users.title })
      .from(users)
      .where(and(eq(users.id, values.doctorId), eq(users.clinicId, ctx.clinicId), eq(users.role, "doctor"), isNull(users.disabledAt)))
      .for("update")
      .limit(1);
    if (!doctor) return { ok: false as const, error: "invalid" as const, fieldErrors: { doctorId: "doctorNotFound" } };
    const [profile] = await tx
      .select()
      .from(doctorProfiles)
      .where(and(eq(doctorProfiles.userId, doctor.id), eq(doctorProfiles.clinicId, ctx.clinicId)))
      .limit(1);
    const changed: DoctorSettingsField[] = [];
    if (doctor.name !== values.name) changed.push("name");
    if ((doctor.title ?? null) !== values.title) changed.push("title");
    if ((profile?.specialty ?? null) !== values.specialty) changed.push("specialty");
    if (hoursKey(profile?.workingHours ?? []) !== hoursKey(schedule.workingHours)) changed.push("workingHours");
    if (timeOffKey(profile?.timeOff ?? []) !== timeOffKey(schedule.timeOff)) changed.push("timeOff");
    if (changed.length === 0) return { ok: true as const, changed };

    if (changed.includes("name") || changed.includes("title")) {
      await tx
        .update(users)
        .set({ name: values.name, title: values.title })
        .where(and(eq(users.id, doctor.id), eq(users.clinicId, ctx.clinicId)));
    }
    const profileValues = {
      specialty: values.specialty,
      workingHours: schedule.workingHours,
      timeOff: schedule.timeOff,
      updatedAt: new Date(),
    };
    await tx
      .insert(doctorProfiles)
      .values({ userId: doctor.id, clinicId: ctx.clinicId, ...profileValues })
      .onConflictDoUpdate({ target: doctorProfiles.userId, set: profileValues });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "doctor.update",
      entityType: "user",
      entityId: doctor.id,
      metadata: { fields: changed },
    });
    return { ok: true as const, changed };
  });
}
