import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prescriptions, users } from "@/db/schema";

/** A patient's prescriptions, newest first, for the staff chart. */
export async function listPrescriptions(db: Db, params: { clinicId: string; patientId: string }) {
  return db
    .select({
      id: prescriptions.id,
      items: prescriptions.items,
      createdAt: prescriptions.createdAt,
      documentId: prescriptions.documentId,
      doctorName: users.name,
    })
    .from(prescriptions)
    .innerJoin(users, eq(users.id, prescriptions.doctorId))
    .where(and(eq(prescriptions.clinicId, params.clinicId), eq(prescriptions.patientId, params.patientId)))
    .orderBy(desc(prescriptions.createdAt));
}
