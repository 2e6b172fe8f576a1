import { and, eq, gt, lt, ne, notInArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { appointments, users, type Appointment } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { zonedDateTime } from "@/lib/dates";
import { runChange } from "@/lib/domain-events/run-change";
import type { AppointmentActor } from "@/lib/domain-events/types";
import type { MessageForecast } from "@/lib/notifications/forecast-messages";
import type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { getPatient } from "@/lib/patients/queries";
import { lockClinicSettings } from "@/lib/notifications/replan-future-visits";
import { isWithinHours } from "@/lib/staff/doctor-hours";
import { getDoctorSchedule } from "@/lib/staff/doctors";
import { bookAppointmentSchema, cancelAppointmentSchema, markAppointmentOutcomeSchema, rescheduleAppointmentSchema } from "./schemas";
import { fieldErrorsOf } from "@/lib/errors";

export type AppointmentFieldErrors = Partial<
  Record<"patientId" | "doctorId" | "startsAt" | "durationMinutes" | "kind" | "videoUrl" | "internalNotes", string>
>;

export type { ScheduledDelivery } from "@/lib/notifications/insert-deliveries";

export type ChangeAppointmentResult =
  | {
      ok: true;
      appointmentId: string;
      scheduled: ScheduledDelivery[];
      /** Per message, what will really happen (channel and time, or why it will not be sent): what staff are told. */
      forecast: MessageForecast[];
    }
  | { ok: false; error: "invalid"; fieldErrors: AppointmentFieldErrors }
  | { ok: false; error: "notFound" | "forbidden" | "alreadyCancelled" | "inThePast" };

const appointmentFieldErrors = (error: z.ZodError): AppointmentFieldErrors =>
  fieldErrorsOf(error, { topLevel: true }) as AppointmentFieldErrors;

function resolveTime(value: string, timeZone: string): Date {
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value)) return new Date(value);
  const [date, time] = value.split("T");
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  return zonedDateTime(timeZone, { year, month, day, hour, minute });
}

/** A requested start as an instant in the future, or the field error that says why not. */
function futureStart(value: string, params: { timeZone: string; now: Date }): Date | { startsAt: "invalidTime" | "inThePast" } {
  const startsAt = resolveTime(value, params.timeZone);
  if (Number.isNaN(startsAt.getTime())) return { startsAt: "invalidTime" };
  if (startsAt.getTime() <= params.now.getTime()) return { startsAt: "inThePast" };
  return startsAt;
}

/** Another non-cancelled appointment of the doctor overlapping [startsAt, endsAt). */
async function doctorIsBusy(db: Db, params: { clinicId: string; doctorId: string; startsAt: Date; endsAt: Date; exceptId?: string }) {
  const conditions = [
    eq(appointments.clinicId, params.clinicId),
    eq(appointments.doctorId, params.doctorId),
    notInArray(appointments.status, ["cancelled", "no_show"]),
    lt(appointments.startsAt, params.endsAt),
    gt(appointments.endsAt, params.startsAt),
  ];
  if (params.exceptId) conditions.push(ne(appointments.id, params.exceptId));
  const [row] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(and(...conditions))
    .limit(1);
  return Boolean(row);
}

/** Serializes bookings per doctor so two staff cannot double-book the same slot at once. */
async function lockDoctor(db: Db, params: { clinicId: string; doctorId: string }) {
  await lockClinicSettings(db, { clinicId: params.clinicId, mode: "share" });
  const [doctor] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, params.doctorId), eq(users.clinicId, params.clinicId), eq(users.role, "doctor")))
    .for("update")
    .limit(1);
  return Boolean(doctor);
}

/**
 * Books an appointment and publishes `appointment.booked` in the same transaction (its listeners plan the
 * confirmation and reminders, and a first visit's intake form); the driver hears of them after commit.
 * Refuses a time in the past, another clinic's patient or doctor, a busy doctor, a time outside the doctor's
 * working hours or on their time off unless `confirmOutsideHours` is set (audited as such), and a video visit
 * without an https link — with an error code per field, writing nothing.
 */
export async function bookAppointment(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<ChangeAppointmentResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = bookAppointmentSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: appointmentFieldErrors(parsed.error) };
  const input = parsed.data;
  const startsAt = futureStart(input.startsAt, { timeZone: ctx.clinic.timezone, now });
  if (!(startsAt instanceof Date)) return { ok: false, error: "invalid", fieldErrors: startsAt };
  const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);

  return bookAppointmentAs(db, {
    clinicId: ctx.clinicId,
    actor: { kind: "staff", userId: ctx.userId },
    patientId: input.patientId,
    doctorId: input.doctorId,
    startsAt,
    endsAt,
    kind: input.kind,
    videoUrl: input.kind === "video" ? (input.videoUrl ?? null) : null,
    internalNotes: input.internalNotes || null,
    timeZone: ctx.clinic.timezone,
    confirmOutsideHours: input.confirmOutsideHours,
    now,
  });
}

/**
 * The booking itself, for staff (bookAppointment) and for a patient taking a freed slot from the waitlist
 * (lib/waitlist, inside the reply's change): the doctor's row lock, the overlap check, the visit, its
 * `appointment.booked` (confirmation and reminders follow) and the audit entry, in one change.
 */
export async function bookAppointmentAs(
  db: Db,
  params: {
    clinicId: string;
    actor: AppointmentActor;
    patientId: string;
    doctorId: string;
    startsAt: Date;
    endsAt: Date;
    kind: Appointment["kind"];
    videoUrl: string | null;
    internalNotes?: string | null;
    /** The clinic's zone, in which the doctor's hours are read. */
    timeZone: string;
    /** Staff confirmed a time outside the doctor's hours ("fuera de horario"). */
    confirmOutsideHours?: boolean;
    now: Date;
  },
): Promise<ChangeAppointmentResult> {
  const { clinicId, startsAt, endsAt, now, actor } = params;
  return runChange(db, async (tx, change) => {
    const patient = await getPatient(tx, { clinicId, patientId: params.patientId });
    if (!patient) return { ok: false, error: "invalid", fieldErrors: { patientId: "patientNotFound" } } as const;
    if (!(await lockDoctor(tx, { clinicId, doctorId: params.doctorId }))) {
      return { ok: false, error: "invalid", fieldErrors: { doctorId: "doctorNotFound" } } as const;
    }
    if (await doctorIsBusy(tx, { clinicId, doctorId: params.doctorId, startsAt, endsAt })) {
      return { ok: false, error: "invalid", fieldErrors: { startsAt: "doctorBusy" } } as const;
    }
    // Outside the doctor's hours or on their time off: staff may confirm it; a patient taking a freed slot
    // never does, so a slot on a day since blocked is booked by nobody.
    const schedule = await getDoctorSchedule(tx, { clinicId, doctorId: params.doctorId });
    const outsideHours = !isWithinHours(schedule, { startsAt, endsAt, timeZone: params.timeZone });
    if (outsideHours && !params.confirmOutsideHours) {
      return { ok: false, error: "invalid", fieldErrors: { startsAt: "outsideHours" } } as const;
    }
    const [appointment] = await tx
      .insert(appointments)
      .values({
        clinicId,
        patientId: patient.id,
        doctorId: params.doctorId,
        startsAt,
        endsAt,
        kind: params.kind,
        videoUrl: params.kind === "video" ? params.videoUrl : null,
        internalNotes: params.internalNotes ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await change.publish({ type: "appointment.booked", clinicId, appointment, patient, now });
    await recordAudit(tx, {
      clinicId,
      actorUserId: actor.kind === "staff" ? actor.userId : null,
      action: "appointment.book",
      entityType: "appointment",
      entityId: appointment.id,
      ...(outsideHours || actor.kind === "patient"
        ? { metadata: { ...(outsideHours ? { outsideHours: true } : {}), ...(actor.kind === "patient" ? { by: "patient" } : {}) } }
        : {}),
    });
    const { scheduled, forecast } = change.effects;
    return { ok: true, appointmentId: appointment.id, scheduled, forecast } as const;
  });
}

async function appointmentForUpdate(tx: Db, params: { clinicId: string; appointmentId: string }) {
  // The clinic's settings first (shared), then the visit: the order a settings re-plan takes them in.
  await lockClinicSettings(tx, { clinicId: params.clinicId, mode: "share" });
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, params.appointmentId), eq(appointments.clinicId, params.clinicId)))
    .for("update")
    .limit(1);
  return row ?? null;
}

/**
 * Moves an appointment: bumps its version and publishes `appointment.rescheduled` (notifications cancel
 * what the old version still had pending and plan the reschedule notice — one for quick successive
 * edits, with the final time — and the new reminders).
 */
export async function rescheduleAppointment(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<ChangeAppointmentResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = rescheduleAppointmentSchema.safeParse(params.input);
  if (!parsed.success) {
    const errors = appointmentFieldErrors(parsed.error);
    if ("appointmentId" in errors) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors: errors };
  }
  const startsAt = futureStart(parsed.data.startsAt, { timeZone: ctx.clinic.timezone, now });
  if (!(startsAt instanceof Date)) return { ok: false, error: "invalid", fieldErrors: startsAt };

  return runChange(db, async (tx, change) => {
    const current = await appointmentForUpdate(tx, { clinicId: ctx.clinicId, appointmentId: parsed.data.appointmentId });
    if (!current) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    if (current.startsAt.getTime() <= now.getTime()) return { ok: false, error: "inThePast" } as const;
    const duration = parsed.data.durationMinutes ?? (current.endsAt.getTime() - current.startsAt.getTime()) / 60_000;
    const endsAt = new Date(startsAt.getTime() + duration * 60_000);
    await lockDoctor(tx, { clinicId: ctx.clinicId, doctorId: current.doctorId });
    if (await doctorIsBusy(tx, { clinicId: ctx.clinicId, doctorId: current.doctorId, startsAt, endsAt, exceptId: current.id })) {
      return { ok: false, error: "invalid", fieldErrors: { startsAt: "doctorBusy" } } as const;
    }
    // A move, like a booking, outside the doctor's hours or on their time off needs staff's confirmation.
    const schedule = await getDoctorSchedule(tx, { clinicId: ctx.clinicId, doctorId: current.doctorId });
    const outsideHours = !isWithinHours(schedule, { startsAt, endsAt, timeZone: ctx.clinic.timezone });
    if (outsideHours && !parsed.data.confirmOutsideHours) {
      return { ok: false, error: "invalid", fieldErrors: { startsAt: "outsideHours" } } as const;
    }
    const [appointment] = await tx
      .update(appointments)
      .set({ startsAt, endsAt, version: sql`${appointments.version} + 1`, status: "scheduled", updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, ctx.clinicId)))
      .returning();
    const patient = (await getPatient(tx, { clinicId: ctx.clinicId, patientId: current.patientId }))!;
    const { scheduled, forecast } = await change.publish({
      type: "appointment.rescheduled",
      clinicId: ctx.clinicId,
      appointment,
      patient,
      previous: { startsAt: current.startsAt, endsAt: current.endsAt },
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "appointment.reschedule",
      entityType: "appointment",
      entityId: current.id,
      metadata: { version: appointment.version, ...(outsideHours ? { outsideHours: true } : {}) },
    });
    return { ok: true, appointmentId: current.id, scheduled, forecast } as const;
  });
}

export type { AppointmentActor } from "@/lib/domain-events/types";

/**
 * Cancels an appointment of a clinic and publishes `appointment.cancelled` (notifications cancel every
 * pending delivery and plan the cancellation notice, not for a visit already started). Used by staff
 * (cancelAppointment) and by a patient's reply (then inside the reply's change).
 */
export async function cancelAppointmentAs(
  db: Db,
  params: { clinicId: string; appointmentId: string; actor: AppointmentActor; now: Date },
): Promise<ChangeAppointmentResult> {
  const { clinicId, now, actor } = params;
  return runChange(db, async (tx, change) => {
    const current = await appointmentForUpdate(tx, { clinicId, appointmentId: params.appointmentId });
    if (!current) return { ok: false, error: "notFound" } as const;
    if (actor.kind === "patient" && current.patientId !== actor.patientId) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    const [appointment] = await tx
      .update(appointments)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: actor.kind, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, clinicId)))
      .returning();
    const patient = (await getPatient(tx, { clinicId, patientId: current.patientId }))!;
    const { scheduled, forecast } = await change.publish({ type: "appointment.cancelled", clinicId, appointment, patient, actor, now });
    await recordAudit(tx, {
      clinicId,
      actorUserId: actor.kind === "staff" ? actor.userId : null,
      action: "appointment.cancel",
      entityType: "appointment",
      entityId: current.id,
      metadata: { by: actor.kind },
    });
    return { ok: true, appointmentId: current.id, scheduled, forecast } as const;
  });
}

/** Cancels an appointment as staff (permission checked). */
export async function cancelAppointment(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<ChangeAppointmentResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const parsed = cancelAppointmentSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "notFound" };
  return cancelAppointmentAs(db, {
    clinicId: ctx.clinicId,
    appointmentId: parsed.data.appointmentId,
    actor: { kind: "staff", userId: ctx.userId },
    now: params.now ?? new Date(),
  });
}

/**
 * Marks an upcoming appointment confirmed (by the patient's reply, or by staff). Confirming changes no
 * time, so no message is planned or cancelled.
 */
export async function confirmAppointment(
  db: Db,
  params: { clinicId: string; appointmentId: string; actor: AppointmentActor; now: Date },
): Promise<{ ok: true } | { ok: false; error: "notFound" | "alreadyCancelled" | "inThePast" }> {
  const { clinicId, now, actor } = params;
  return runChange(db, async (tx, change) => {
    const current = await appointmentForUpdate(tx, { clinicId, appointmentId: params.appointmentId });
    if (!current || (actor.kind === "patient" && current.patientId !== actor.patientId)) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    if (current.startsAt.getTime() <= now.getTime()) return { ok: false, error: "inThePast" } as const;
    const [appointment] = await tx
      .update(appointments)
      .set({ status: "confirmed", confirmedAt: now, confirmedBy: actor.kind, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, clinicId)))
      .returning();
    const patient = (await getPatient(tx, { clinicId, patientId: current.patientId }))!;
    await change.publish({ type: "appointment.confirmed", clinicId, appointment, patient, actor, now });
    await recordAudit(tx, {
      clinicId,
      actorUserId: actor.kind === "staff" ? actor.userId : null,
      action: "appointment.confirm",
      entityType: "appointment",
      entityId: current.id,
      metadata: { by: actor.kind },
    });
    return { ok: true } as const;
  });
}

export type MarkOutcomeResult =
  | { ok: true; appointmentId: string; status: "completed" | "no_show" }
  | { ok: false; error: "notFound" | "forbidden" | "alreadyCancelled" | "notStarted" | "outcomeInvalid" };

/**
 * Records what happened to a visit once its start time has passed: completed or no-show (staff may correct
 * one into the other). Refused before the start and for a cancelled visit. Changes no message: by then the
 * reminders are out or no longer due. When and by whom is kept on the visit (outcome_recorded_at/by). Publishes
 * `appointment.completed` / `appointment.no_show` (no listener yet: payments will). Audited with the new status.
 */
export async function markAppointmentOutcome(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<MarkOutcomeResult> {
  if (!can(ctx.role, "appointments:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const parsed = markAppointmentOutcomeSchema.safeParse(params.input);
  if (!parsed.success) {
    return parsed.error.issues.some((i) => i.path[0] === "appointmentId")
      ? { ok: false, error: "notFound" }
      : { ok: false, error: "outcomeInvalid" };
  }
  const { appointmentId, outcome } = parsed.data;
  return runChange(db, async (tx, change) => {
    const current = await appointmentForUpdate(tx, { clinicId: ctx.clinicId, appointmentId });
    if (!current) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    if (current.startsAt.getTime() > now.getTime()) return { ok: false, error: "notStarted" } as const;
    const [appointment] = await tx
      .update(appointments)
      .set({ status: outcome, outcomeRecordedAt: now, outcomeRecordedByUserId: ctx.userId, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, ctx.clinicId)))
      .returning();
    const patient = (await getPatient(tx, { clinicId: ctx.clinicId, patientId: current.patientId }))!;
    await change.publish({
      type: outcome === "completed" ? "appointment.completed" : "appointment.no_show",
      clinicId: ctx.clinicId,
      appointment,
      patient,
      now,
    });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: outcome === "completed" ? "appointment.complete" : "appointment.no_show",
      entityType: "appointment",
      entityId: current.id,
      metadata: { from: current.status },
    });
    return { ok: true, appointmentId: current.id, status: outcome } as const;
  });
}
