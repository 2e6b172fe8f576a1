import { and, asc, count, desc, eq, gte, inArray, isNull, lt, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Locale } from "@/db/schema";
import { appointments, clinics, deliveries, deliveryEvents, patients, users } from "@/db/schema";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { doctorDisplayName } from "@/lib/staff/doctor-name";
import { forecastDelivery, type MessageForecast } from "@/lib/notifications/forecast-messages";

/**
 * A clinic's appointments in [from, to), earliest first, with the patient's and doctor's names. The calendar
 * asks for one doctor and for cancelled visits too (shown struck through); the home page for neither.
 */
export async function listAppointmentsBetween(
  db: Db,
  params: { clinicId: string; from: Date; to: Date; doctorId?: string; includeCancelled?: boolean; limit?: number },
) {
  const conditions = [
    eq(appointments.clinicId, params.clinicId),
    gte(appointments.startsAt, params.from),
    lt(appointments.startsAt, params.to),
  ];
  if (!params.includeCancelled) conditions.push(ne(appointments.status, "cancelled"));
  if (params.doctorId) conditions.push(eq(appointments.doctorId, params.doctorId));
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      kind: appointments.kind,
      status: appointments.status,
      confirmedBy: appointments.confirmedBy,
      patientId: patients.id,
      patientFirstName: patients.firstName,
      patientLastName: patients.lastName,
      doctorId: appointments.doctorId,
      doctorName: users.name,
    })
    .from(appointments)
    .innerJoin(patients, and(eq(patients.id, appointments.patientId), eq(patients.clinicId, params.clinicId)))
    .innerJoin(users, and(eq(users.id, appointments.doctorId), eq(users.clinicId, params.clinicId)))
    .where(and(...conditions))
    .orderBy(asc(appointments.startsAt))
    .limit(params.limit ?? 100);
}

/** How many of a clinic's visits start in [from, to), cancelled ones left out (the home page's "this week"). */
export async function countAppointmentsBetween(db: Db, params: { clinicId: string; from: Date; to: Date }) {
  const [{ total }] = await db
    .select({ total: count() })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, params.clinicId),
        gte(appointments.startsAt, params.from),
        lt(appointments.startsAt, params.to),
        ne(appointments.status, "cancelled"),
      ),
    );
  return total;
}

export async function countPatients(db: Db, params: { clinicId: string }) {
  const [{ total }] = await db.select({ total: count() }).from(patients).where(eq(patients.clinicId, params.clinicId));
  return total;
}

const appointmentColumns = {
  id: appointments.id,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  kind: appointments.kind,
  status: appointments.status,
  videoUrl: appointments.videoUrl,
  version: appointments.version,
  confirmedAt: appointments.confirmedAt,
  confirmedBy: appointments.confirmedBy,
  cancelledAt: appointments.cancelledAt,
  cancelledBy: appointments.cancelledBy,
  doctorId: appointments.doctorId,
  doctorName: users.name,
};

/**
 * Every message planned or sent for these appointments (earliest first), each with its status history, so a
 * reminder timeline can show planned → sent → delivered → read and the fallback chains (fallbackOfId).
 */
export async function listAppointmentMessages(db: Db, params: { clinicId: string; appointmentIds: string[] }) {
  if (params.appointmentIds.length === 0) return [];
  const messages = await db
    .select({
      id: deliveries.id,
      appointmentId: deliveries.appointmentId,
      appointmentVersion: deliveries.appointmentVersion,
      notificationType: deliveries.notificationType,
      channel: deliveries.channel,
      status: deliveries.status,
      sendAt: deliveries.sendAt,
      errorCode: deliveries.errorCode,
      simulated: deliveries.simulated,
      fallbackOfId: deliveries.fallbackOfId,
      providerMessageId: deliveries.providerMessageId,
      /** The words recorded when it went out (null until sent). */
      sentBody: deliveries.sentBody,
      locale: deliveries.locale,
    })
    .from(deliveries)
    .where(and(eq(deliveries.clinicId, params.clinicId), inArray(deliveries.appointmentId, params.appointmentIds)))
    .orderBy(asc(deliveries.sendAt), asc(deliveries.createdAt));
  if (messages.length === 0) return [];
  const events = await db
    .select({ deliveryId: deliveryEvents.deliveryId, status: deliveryEvents.status, occurredAt: deliveryEvents.occurredAt })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.clinicId, params.clinicId),
        inArray(
          deliveryEvents.deliveryId,
          messages.map((m) => m.id),
        ),
      ),
    )
    .orderBy(asc(deliveryEvents.occurredAt), asc(deliveryEvents.id));
  const byDelivery = new Map<string, { status: (typeof events)[number]["status"]; at: Date }[]>();
  for (const e of events) byDelivery.set(e.deliveryId, [...(byDelivery.get(e.deliveryId) ?? []), { status: e.status, at: e.occurredAt }]);
  return messages.map((m) => ({ ...m, history: byDelivery.get(m.id) ?? [] }));
}

export type AppointmentMessage = Awaited<ReturnType<typeof listAppointmentMessages>>[number] & {
  /** For a message still to go: what the engine would decide about it now (the timeline says "will not be sent: …"). */
  forecast?: MessageForecast;
};

/**
 * Adds to each pending message of a patient's visits the engine's verdict on it as things stand (opt-outs,
 * reachability, the clinic's settings and quiet hours), so the timeline tells what will really happen.
 */
async function withForecasts<
  A extends { id: string; status: (typeof appointments.$inferSelect)["status"]; version: number; startsAt: Date },
>(db: Db, params: { clinicId: string; patientId: string; rows: (A & { messages: AppointmentMessage[] })[]; now?: Date }) {
  if (!params.rows.some((r) => r.messages.some((m) => m.status === "scheduled"))) return params.rows;
  const [[patient], [clinic], settings] = await Promise.all([
    db
      .select()
      .from(patients)
      .where(and(eq(patients.id, params.patientId), eq(patients.clinicId, params.clinicId)))
      .limit(1),
    db.select({ name: clinics.name, timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, params.clinicId)).limit(1),
    getNotificationSettings(db, { clinicId: params.clinicId }),
  ]);
  if (!patient || !clinic) return params.rows;
  const now = params.now ?? new Date();
  return params.rows.map((row) => ({
    ...row,
    messages: row.messages.map((m) =>
      m.status === "scheduled" ? { ...m, forecast: forecastDelivery(m, { patient, appointment: row, clinic, settings, now }) } : m,
    ),
  }));
}

/** A patient's appointments (newest first) with every message planned or sent for each. */
export async function listPatientAppointments(db: Db, params: { clinicId: string; patientId: string }) {
  const rows = await db
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(appointments.clinicId, params.clinicId), eq(appointments.patientId, params.patientId)))
    .orderBy(desc(appointments.startsAt))
    .limit(50);
  const messages = await listAppointmentMessages(db, { clinicId: params.clinicId, appointmentIds: rows.map((r) => r.id) });
  return withForecasts(db, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    rows: rows.map((row) => ({ ...row, messages: messages.filter((m) => m.appointmentId === row.id) as AppointmentMessage[] })),
  });
}

/** One appointment of the clinic with its patient, doctor and messages (the calendar's detail), or null. */
export async function getAppointmentDetail(db: Db, params: { clinicId: string; appointmentId: string }) {
  if (!z.uuid().safeParse(params.appointmentId).success) return null;
  const [row] = await db
    .select({
      ...appointmentColumns,
      patientId: patients.id,
      patientFirstName: patients.firstName,
      patientLastName: patients.lastName,
      patientPhone: patients.phone,
      patientEmail: patients.email,
    })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .innerJoin(patients, and(eq(patients.id, appointments.patientId), eq(patients.clinicId, params.clinicId)))
    .where(and(eq(appointments.clinicId, params.clinicId), eq(appointments.id, params.appointmentId)))
    .limit(1);
  if (!row) return null;
  const messages = await listAppointmentMessages(db, { clinicId: params.clinicId, appointmentIds: [row.id] });
  const [withForecast] = await withForecasts(db, { clinicId: params.clinicId, patientId: row.patientId, rows: [{ ...row, messages }] });
  return withForecast;
}

export type AppointmentDetail = NonNullable<Awaited<ReturnType<typeof getAppointmentDetail>>>;

/** What booking needs to know about the clinic: its zone and the base URL its video rooms live under. */
export async function getClinicBookingSettings(db: Db, params: { clinicId: string }) {
  const [row] = await db
    .select({ timezone: clinics.timezone, videoRoomBaseUrl: clinics.videoRoomBaseUrl })
    .from(clinics)
    .where(eq(clinics.id, params.clinicId))
    .limit(1);
  return row ?? null;
}

/** The clinic's doctors, for booking: each named as staff screens name them ("Dra. López", doctorDisplayName). */
export async function listDoctors(db: Db, params: { clinicId: string; locale: Locale }) {
  const rows = await db
    .select({ id: users.id, name: users.name, title: users.title })
    .from(users)
    .where(and(eq(users.clinicId, params.clinicId), eq(users.role, "doctor"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
  return rows.map((doctor) => ({ id: doctor.id, name: doctorDisplayName(doctor, params.locale) }));
}

/** What the calendar draws for one appointment (times as ISO instants; FullCalendar places them in the clinic's zone). */
export interface CalendarEvent {
  id: string;
  start: string;
  end: string;
  kind: "in_person" | "video";
  status: "scheduled" | "confirmed" | "cancelled" | "completed" | "no_show";
  confirmedBy: "staff" | "patient" | null;
  patientName: string;
  doctorId: string;
  doctorName: string;
}

/** A calendar range: at most 45 days (a week view asks for 7), optionally one doctor's. */
export const calendarRangeSchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), doctorId: z.uuid().optional() })
  .refine((r) => {
    const span = Date.parse(r.to) - Date.parse(r.from);
    return span > 0 && span <= 45 * 24 * 60 * 60_000;
  });

/** The clinic's appointments in the calendar's visible range, cancelled ones included (drawn struck through). */
export async function listCalendarEvents(
  db: Db,
  params: { clinicId: string; from: Date; to: Date; doctorId?: string },
): Promise<CalendarEvent[]> {
  const rows = await listAppointmentsBetween(db, { ...params, includeCancelled: true, limit: 1000 });
  return rows.map((r) => ({
    id: r.id,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    kind: r.kind,
    status: r.status,
    confirmedBy: r.confirmedBy,
    patientName: `${r.patientFirstName} ${r.patientLastName}`,
    doctorId: r.doctorId,
    doctorName: r.doctorName,
  }));
}
