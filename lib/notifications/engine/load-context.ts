import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, clinics, patients, secureLinks, users, type Delivery } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";

export interface DeliveryContext {
  patient: typeof patients.$inferSelect;
  clinic: { name: string; timezone: string };
  appointment: (typeof appointments.$inferSelect & { doctorName: string; doctorTitle?: DoctorTitle | null }) | null;
  /** Patient-link messages (trigger "link"): the link's state now (null when missing). */
  link?: { revokedAt: Date | null; expiresAt: Date } | null;
}

export async function loadLinkState(db: Db, delivery: Delivery) {
  if (delivery.subjectType !== "secure_link") return null;
  const linkId = delivery.subjectId;
  const [link] = await db
    .select({ revokedAt: secureLinks.revokedAt, expiresAt: secureLinks.expiresAt })
    .from(secureLinks)
    .where(and(eq(secureLinks.id, linkId), eq(secureLinks.clinicId, delivery.clinicId), eq(secureLinks.patientId, delivery.patientId)))
    .limit(1);
  return link ?? null;
}

/**
 * The context query, built once per database handle: it runs once per delivery, and building it with
 * the query builder cost more CPU than the database spent answering it (docs/benchmarks.md). Prepared,
 * postgres.js also keeps its parsed statement per connection.
 */
function buildContextQuery(db: Db) {
  return db
    .select({
      patient: patients,
      clinicName: clinics.name,
      timezone: clinics.timezone,
      appointment: appointments,
      doctorName: users.name,
      doctorTitle: users.title,
    })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .leftJoin(
      appointments,
      and(eq(appointments.id, sql`${sql.placeholder("appointmentId")}::uuid`), eq(appointments.clinicId, sql.placeholder("clinicId"))),
    )
    .leftJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(patients.id, sql.placeholder("patientId")), eq(patients.clinicId, sql.placeholder("clinicId"))))
    .limit(1)
    .prepare("dispatch_load_context");
}

const contextQueries = new WeakMap<Db, ReturnType<typeof buildContextQuery>>();

/** The patient, clinic, appointment and doctor of a delivery, in one round trip. */
export async function loadContext(db: Db, delivery: Delivery): Promise<DeliveryContext | null> {
  let query = contextQueries.get(db);
  if (!query) contextQueries.set(db, (query = buildContextQuery(db)));
  const [row] = await query.execute({
    appointmentId: delivery.appointmentId,
    clinicId: delivery.clinicId,
    patientId: delivery.patientId,
  });
  if (!row) return null;
  return {
    patient: row.patient,
    clinic: { name: row.clinicName, timezone: row.timezone },
    appointment: row.appointment ? { ...row.appointment, doctorName: row.doctorName ?? "", doctorTitle: row.doctorTitle } : null,
  };
}
