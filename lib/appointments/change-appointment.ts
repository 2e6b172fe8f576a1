import { and, eq, gt, inArray, lt, ne, notInArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents, users, type Appointment, type Patient } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { zonedDateTime } from "@/lib/dates";
import { getEnv } from "@/lib/env";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { planAppointmentMessages, type AppointmentEvent } from "@/lib/notifications/plan-appointment-deliveries";
import { forecastMessages, type MessageForecast } from "@/lib/notifications/forecast-messages";
import { channelUsable } from "@/lib/notifications/fallback";
import { getPatient } from "@/lib/patients/queries";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "@/lib/notifications/insert-deliveries";
import { planFirstVisitIntakeForm } from "@/lib/forms/send-intake-form";
import { bookAppointmentSchema, cancelAppointmentSchema, markAppointmentOutcomeSchema, rescheduleAppointmentSchema } from "./schemas";

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

/** RESCHEDULE_COALESCE_SECONDS when set (the browser tests shorten the wait), else the planner's default. */
function rescheduleCoalesceMs(): number | undefined {
  const seconds = getEnv().RESCHEDULE_COALESCE_SECONDS;
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Statuses after which a delivery is no longer pending. */
const PENDING = ["scheduled"] as const;

function fieldErrorsOf(error: z.ZodError): AppointmentFieldErrors {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out as AppointmentFieldErrors;
}

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
  const [doctor] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, params.doctorId), eq(users.clinicId, params.clinicId), eq(users.role, "doctor")))
    .for("update")
    .limit(1);
  return Boolean(doctor);
}

async function writeDeliveries(
  tx: Db,
  params: {
    event: AppointmentEvent;
    appointment: Appointment;
    patient: Patient;
    now: Date;
  },
): Promise<{
  scheduled: ScheduledDelivery[];
  forecast: MessageForecast[];
  forecastOthers: (rows: ScheduledDelivery[]) => MessageForecast[];
}> {
  const { appointment, now } = params;
  const settings = await getNotificationSettings(tx, { clinicId: appointment.clinicId });
  const [sentConfirmation] = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.appointmentId, appointment.id),
        eq(deliveries.notificationType, "booking_confirmation"),
        notInArray(deliveries.status, ["scheduled", "cancelled", "skipped"]),
      ),
    )
    .limit(1);
  const { planned, unplanned } = planAppointmentMessages({
    event: params.event,
    appointment: { id: appointment.id, startsAt: appointment.startsAt, version: appointment.version, kind: appointment.kind },
    patient: {
      preferredLocale: params.patient.preferredLocale,
      usable: {
        whatsapp: channelUsable(params.patient, "whatsapp", now).usable,
        sms: channelUsable(params.patient, "sms", now).usable,
        email: channelUsable(params.patient, "email", now).usable,
      },
    },
    settings,
    confirmationSent: Boolean(sentConfirmation),
    now,
    rescheduleCoalesceMs: rescheduleCoalesceMs(),
  });
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: planned.map((p) => ({
      clinicId: appointment.clinicId,
      patientId: appointment.patientId,
      subjectType: "appointment" as const,
      subjectId: appointment.id,
      subjectVersion: p.appointmentVersion,
      appointmentId: appointment.id,
      appointmentVersion: p.appointmentVersion,
      notificationType: p.notificationType,
      channel: p.channel,
      locale: p.locale,
      templateKey: p.templateKey,
      sendAt: p.sendAt,
      idempotencyKey: p.idempotencyKey,
    })),
  });
  const [clinic] = await tx
    .select({ name: clinics.name, timezone: clinics.timezone })
    .from(clinics)
    .where(eq(clinics.id, appointment.clinicId))
    .limit(1);
  const state = { patient: params.patient, appointment, clinic, settings, now };
  return {
    scheduled: rows.map(toScheduledDelivery),
    forecast: forecastMessages({ deliveries: rows, unplanned, state }),
    // Other messages planned in the same change (the first visit's intake form), forecast on the same state.
    forecastOthers: (others) =>
      forecastMessages({
        deliveries: others.map((d) => ({
          notificationType: d.notificationType,
          channel: d.channel,
          appointmentVersion: null,
          sendAt: d.nextAttemptAt,
        })),
        state,
      }),
  };
}

/** Cancels an appointment's deliveries that have not gone out (all of them, or those of older versions). */
async function cancelPendingDeliveries(
  tx: Db,
  params: {
    clinicId: string;
    appointmentId: string;
    beforeVersion?: number;
    /** The log's reason: a move says "la cita cambió", a cancellation "la cita se canceló". */
    reason: "appointment_changed" | "appointment_cancelled";
    now: Date;
  },
) {
  const conditions = [
    eq(deliveries.clinicId, params.clinicId),
    eq(deliveries.appointmentId, params.appointmentId),
    inArray(deliveries.status, [...PENDING]),
  ];
  if (params.beforeVersion !== undefined) conditions.push(lt(deliveries.appointmentVersion, params.beforeVersion));
  const cancelled = await tx
    .update(deliveries)
    .set({ status: "cancelled", errorCode: params.reason, updatedAt: params.now })
    .where(and(...conditions))
    .returning({ id: deliveries.id });
  if (cancelled.length) {
    await tx.insert(deliveryEvents).values(
      cancelled.map((d) => ({
        deliveryId: d.id,
        clinicId: params.clinicId,
        status: "cancelled" as const,
        errorCode: params.reason,
        source: "system",
        occurredAt: params.now,
      })),
    );
  }
  return cancelled.length;
}

/**
 * Books an appointment and, in the same transaction, writes its confirmation and reminders.
 * Refuses a time in the past, another clinic's patient or doctor, a busy doctor and a video visit
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
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const startsAt = futureStart(input.startsAt, { timeZone: ctx.clinic.timezone, now });
  if (!(startsAt instanceof Date)) return { ok: false, error: "invalid", fieldErrors: startsAt };
  const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);

  return db.transaction(async (tx) => {
    const patient = await getPatient(tx, { clinicId: ctx.clinicId, patientId: input.patientId });
    if (!patient) return { ok: false, error: "invalid", fieldErrors: { patientId: "patientNotFound" } } as const;
    if (!(await lockDoctor(tx, { clinicId: ctx.clinicId, doctorId: input.doctorId }))) {
      return { ok: false, error: "invalid", fieldErrors: { doctorId: "doctorNotFound" } } as const;
    }
    if (await doctorIsBusy(tx, { clinicId: ctx.clinicId, doctorId: input.doctorId, startsAt, endsAt })) {
      return { ok: false, error: "invalid", fieldErrors: { startsAt: "doctorBusy" } } as const;
    }
    const [appointment] = await tx
      .insert(appointments)
      .values({
        clinicId: ctx.clinicId,
        patientId: patient.id,
        doctorId: input.doctorId,
        startsAt,
        endsAt,
        kind: input.kind,
        videoUrl: input.kind === "video" ? input.videoUrl : null,
        internalNotes: input.internalNotes || null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const written = await writeDeliveries(tx, { event: "booked", appointment, patient, now });
    const intake = await planFirstVisitIntakeForm(tx, { appointment, patient, now });
    const scheduled = [...written.scheduled, ...intake];
    const forecast = [...written.forecast, ...written.forecastOthers(intake)];
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "appointment.book",
      entityType: "appointment",
      entityId: appointment.id,
    });
    return { ok: true, appointmentId: appointment.id, scheduled, forecast } as const;
  });
}

async function appointmentForUpdate(tx: Db, params: { clinicId: string; appointmentId: string }) {
  const [row] = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, params.appointmentId), eq(appointments.clinicId, params.clinicId)))
    .for("update")
    .limit(1);
  return row ?? null;
}

/**
 * Moves an appointment: bumps its version, cancels what the old version still had pending, and plans
 * the reschedule notice (one for quick successive edits, with the final time) and the new reminders.
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
    const errors = fieldErrorsOf(parsed.error);
    if ("appointmentId" in errors) return { ok: false, error: "notFound" };
    return { ok: false, error: "invalid", fieldErrors: errors };
  }
  const startsAt = futureStart(parsed.data.startsAt, { timeZone: ctx.clinic.timezone, now });
  if (!(startsAt instanceof Date)) return { ok: false, error: "invalid", fieldErrors: startsAt };

  return db.transaction(async (tx) => {
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
    const [appointment] = await tx
      .update(appointments)
      .set({ startsAt, endsAt, version: sql`${appointments.version} + 1`, status: "scheduled", updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, ctx.clinicId)))
      .returning();
    await cancelPendingDeliveries(tx, {
      clinicId: ctx.clinicId,
      appointmentId: current.id,
      beforeVersion: appointment.version,
      reason: "appointment_changed",
      now,
    });
    const patient = (await getPatient(tx, { clinicId: ctx.clinicId, patientId: current.patientId }))!;
    const { scheduled, forecast } = await writeDeliveries(tx, { event: "rescheduled", appointment, patient, now });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "appointment.reschedule",
      entityType: "appointment",
      entityId: current.id,
      metadata: { version: appointment.version },
    });
    return { ok: true, appointmentId: current.id, scheduled, forecast } as const;
  });
}

/** Who changes an appointment: a staff member in the app, or the patient by replying to a message. */
export type AppointmentActor = { kind: "staff"; userId: string } | { kind: "patient"; patientId: string };

/**
 * Cancels an appointment of a clinic: every pending delivery is cancelled and the cancellation notice
 * planned (not for a visit already started). Used by staff (cancelAppointment) and by a patient's reply.
 */
export async function cancelAppointmentAs(
  db: Db,
  params: { clinicId: string; appointmentId: string; actor: AppointmentActor; now: Date },
): Promise<ChangeAppointmentResult> {
  const { clinicId, now, actor } = params;
  return db.transaction(async (tx) => {
    const current = await appointmentForUpdate(tx, { clinicId, appointmentId: params.appointmentId });
    if (!current) return { ok: false, error: "notFound" } as const;
    if (actor.kind === "patient" && current.patientId !== actor.patientId) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    const [appointment] = await tx
      .update(appointments)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: actor.kind, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, clinicId)))
      .returning();
    await cancelPendingDeliveries(tx, { clinicId, appointmentId: current.id, reason: "appointment_cancelled", now });
    const patient = (await getPatient(tx, { clinicId, patientId: current.patientId }))!;
    const { scheduled, forecast } =
      current.startsAt.getTime() > now.getTime()
        ? await writeDeliveries(tx, { event: "cancelled", appointment, patient, now })
        : { scheduled: [], forecast: [] };
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
  return db.transaction(async (tx) => {
    const current = await appointmentForUpdate(tx, { clinicId, appointmentId: params.appointmentId });
    if (!current || (actor.kind === "patient" && current.patientId !== actor.patientId)) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    if (current.startsAt.getTime() <= now.getTime()) return { ok: false, error: "inThePast" } as const;
    await tx
      .update(appointments)
      .set({ status: "confirmed", confirmedAt: now, confirmedBy: actor.kind, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, clinicId)));
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
 * reminders are out or no longer due. When and by whom is kept on the visit (outcome_recorded_at/by) and
 * audited with the new status.
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
  return db.transaction(async (tx) => {
    const current = await appointmentForUpdate(tx, { clinicId: ctx.clinicId, appointmentId });
    if (!current) return { ok: false, error: "notFound" } as const;
    if (current.status === "cancelled") return { ok: false, error: "alreadyCancelled" } as const;
    if (current.startsAt.getTime() > now.getTime()) return { ok: false, error: "notStarted" } as const;
    await tx
      .update(appointments)
      .set({ status: outcome, outcomeRecordedAt: now, outcomeRecordedByUserId: ctx.userId, updatedAt: now })
      .where(and(eq(appointments.id, current.id), eq(appointments.clinicId, ctx.clinicId)));
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
