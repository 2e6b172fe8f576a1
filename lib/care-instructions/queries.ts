import { and, desc, eq, lte, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, careInstructions, users } from "@/db/schema";

/** A patient's care instructions, newest first, with the doctor who wrote them (staff chart). */
export async function listCareInstructions(db: Db, params: { clinicId: string; patientId: string }) {
  return db
    .select({
      id: careInstructions.id,
      body: careInstructions.body,
      createdAt: careInstructions.createdAt,
      appointmentId: careInstructions.appointmentId,
      doctorName: users.name,
    })
    .from(careInstructions)
    .innerJoin(users, eq(users.id, careInstructions.doctorId))
    .where(and(eq(careInstructions.clinicId, params.clinicId), eq(careInstructions.patientId, params.patientId)))
    .orderBy(desc(careInstructions.createdAt));
}

/**
 * The visits a prescription or care instructions can follow: the patient's visits that have started
 * (or start within the day), not cancelled, newest first.
 */
export async function listVisitsToFollowUp(db: Db, params: { clinicId: string; patientId: string; now: Date; limit?: number }) {
  return db
    .select({ id: appointments.id, startsAt: appointments.startsAt, doctorName: users.name })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(
      and(
        eq(appointments.clinicId, params.clinicId),
        eq(appointments.patientId, params.patientId),
        ne(appointments.status, "cancelled"),
        lte(appointments.startsAt, new Date(params.now.getTime() + 24 * 3600_000)),
      ),
    )
    .orderBy(desc(appointments.startsAt))
    .limit(params.limit ?? 10);
}

/** One visit of this clinic's patient, or null (another clinic's or another patient's is missing). */
export async function findPatientVisit(db: Db, params: { clinicId: string; patientId: string; appointmentId: string }) {
  const [row] = await db
    .select({ id: appointments.id, startsAt: appointments.startsAt })
    .from(appointments)
    .where(
      and(
        eq(appointments.id, params.appointmentId),
        eq(appointments.clinicId, params.clinicId),
        eq(appointments.patientId, params.patientId),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * The instructions a valid link opens, scoped to the link's clinic and patient: the text, the doctor's
 * display name and the visit's time — nothing else leaves the server.
 */
export async function getLinkedCareInstructions(db: Db, params: { clinicId: string; patientId: string; careInstructionsId: string }) {
  const [row] = await db
    .select({ body: careInstructions.body, doctorName: users.name, visitStartsAt: appointments.startsAt })
    .from(careInstructions)
    .innerJoin(users, eq(users.id, careInstructions.doctorId))
    .leftJoin(appointments, and(eq(appointments.id, careInstructions.appointmentId), eq(appointments.clinicId, careInstructions.clinicId)))
    .where(
      and(
        eq(careInstructions.id, params.careInstructionsId),
        eq(careInstructions.clinicId, params.clinicId),
        eq(careInstructions.patientId, params.patientId),
      ),
    )
    .limit(1);
  return row ?? null;
}
