import { and, asc, desc, eq, gt, inArray, max, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, deliveries, inboundMessages, patients, type Patient } from "@/db/schema";
import type { ReplyChannel } from "./parse-reply";

export interface PhoneCandidate {
  patient: Patient;
  /** When Luna last wrote to this patient on the reply's channel (attempt, else planning time); null: never. */
  lastContactAt: Date | null;
}

/** Deliveries that never reached the patient say nothing about whom they are answering. */
const NOT_CONTACTED = ["cancelled", "skipped"] as const;

/**
 * Every patient, in every clinic, with this phone number, best guess first: the one Luna most recently
 * wrote to on this channel, else the most recently updated. The one clinic-less lookup (an inbound
 * webhook knows only a phone number and the sender written to): its result picks the clinic, and
 * everything after takes it.
 */
export async function unsafeFindPatientsByPhone(
  db: Db,
  params: {
    phone: string;
    channel: ReplyChannel;
    /** The reply came to this clinic's own sender: only its patients. */
    clinicId?: string;
    /** The reply came to Luna's shared sender: never these clinics' patients (they write from their own). */
    excludeClinicIds?: string[];
  },
): Promise<PhoneCandidate[]> {
  const found = await db
    .select()
    .from(patients)
    .where(
      and(
        eq(patients.phone, params.phone),
        params.clinicId ? eq(patients.clinicId, params.clinicId) : undefined,
        params.excludeClinicIds?.length ? notInArray(patients.clinicId, params.excludeClinicIds) : undefined,
      ),
    );
  if (found.length === 0) return [];
  // Only a phone shared by several clinics' patients needs their message history (rare, and a few rows).
  const contacts =
    found.length === 1
      ? []
      : await db
          .select({
            patientId: deliveries.patientId,
            clinicId: deliveries.clinicId,
            at: max(sql<Date>`coalesce(${deliveries.lastAttemptAt}, ${deliveries.createdAt})`).mapWith(deliveries.createdAt),
          })
          .from(deliveries)
          .where(
            and(
              inArray(
                deliveries.patientId,
                found.map((p) => p.id),
              ),
              eq(deliveries.channel, params.channel),
              notInArray(deliveries.status, [...NOT_CONTACTED]),
            ),
          )
          .groupBy(deliveries.patientId, deliveries.clinicId);
  const candidates = found.map((patient) => ({
    patient,
    lastContactAt: contacts.find((c) => c.patientId === patient.id && c.clinicId === patient.clinicId)?.at ?? null,
  }));
  return candidates.sort(compareCandidates);
}

/** Most recently written to on the channel first, then most recently updated; ids break ties. */
export function compareCandidates(a: PhoneCandidate, b: PhoneCandidate) {
  const byContact = (b.lastContactAt?.getTime() ?? -Infinity) - (a.lastContactAt?.getTime() ?? -Infinity);
  if (byContact) return byContact;
  const byUpdate = b.patient.updatedAt.getTime() - a.patient.updatedAt.getTime();
  if (byUpdate) return byUpdate;
  return a.patient.id < b.patient.id ? -1 : a.patient.id > b.patient.id ? 1 : 0;
}

/** Statuses a patient can still confirm or cancel. */
const OPEN = ["scheduled", "confirmed"] as const;

/**
 * The appointment a patient's confirm/cancel reply acts on: their next one still to come and not
 * cancelled (nor closed) — or, for a button payload, that appointment, only if it is this clinic's, this
 * patient's, open and still to come. Null when there is none.
 */
export async function findReplyTargetAppointment(
  db: Db,
  params: { clinicId: string; patientId: string; now: Date; appointmentId?: string | null },
): Promise<string | null> {
  const [row] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, params.clinicId),
        eq(appointments.patientId, params.patientId),
        inArray(appointments.status, [...OPEN]),
        gt(appointments.startsAt, params.now),
        params.appointmentId ? eq(appointments.id, params.appointmentId) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(1);
  return row?.id ?? null;
}

/** The patient's replies (newest first), for the chart. */
export async function listInboundMessages(db: Db, params: { clinicId: string; patientId: string; limit?: number }) {
  return db
    .select({
      id: inboundMessages.id,
      channel: inboundMessages.channel,
      body: inboundMessages.body,
      intent: inboundMessages.intent,
      receivedAt: inboundMessages.receivedAt,
    })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.clinicId, params.clinicId), eq(inboundMessages.patientId, params.patientId)))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(params.limit ?? 50);
}
