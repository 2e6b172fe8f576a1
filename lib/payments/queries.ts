import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, users } from "@/db/schema";

/** A patient's visits (newest first) to charge, with the doctor's name. */
export async function listPatientVisits(db: Db, params: { clinicId: string; patientId: string }) {
  return db
    .select({ id: appointments.id, startsAt: appointments.startsAt, status: appointments.status, doctorName: users.name })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(appointments.clinicId, params.clinicId), eq(appointments.patientId, params.patientId)))
    .orderBy(desc(appointments.startsAt))
    .limit(100);
}

/** The clinic's active staff, for "taken by" on a desk payment. */
export async function listClinicStaff(db: Db, params: { clinicId: string }) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.clinicId, params.clinicId), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
}
