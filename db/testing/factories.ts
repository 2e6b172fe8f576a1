import { randomInt, randomUUID } from "node:crypto";
import type { Db } from "../client";
import { clinics, deliveries, patients, users, type Clinic, type Delivery, type Patient, type User } from "../schema";
import type { StaffContext } from "@/lib/auth/context";

/**
 * The subject columns of a delivery a test inserts by hand: its visit (at its version) when it has one,
 * otherwise the patient (as a reply confirmation is).
 */
export function subjectOf(row: { patientId: string; appointmentId?: string | null; appointmentVersion?: number | null }) {
  return row.appointmentId
    ? { subjectType: "appointment" as const, subjectId: row.appointmentId, subjectVersion: row.appointmentVersion ?? null }
    : { subjectType: "patient" as const, subjectId: row.patientId, subjectVersion: null };
}

/** What a test says about a delivery it inserts; everything else has a default (insertTestDelivery). */
export type TestDeliveryParams = { clinicId: string; patientId: string } & Partial<typeof deliveries.$inferInsert>;

/**
 * A delivery row as a test needs it, with the defaults every hand-written insert repeated: a scheduled
 * WhatsApp reminder in Spanish, due now (or at `sendAt`), `next_attempt_at` = `send_at`, a unique
 * idempotency key, and its subject from `appointmentId`/`appointmentVersion` (else the patient, as a reply
 * confirmation is) unless the test names one. The template key follows the registry's shape
 * (`<type>.<variant>.<locale>` for a visit's messages, `<type>.<locale>` otherwise); it is spelt out here
 * because db/ does not import lib/.
 */
export function testDeliveryValues(params: TestDeliveryParams): typeof deliveries.$inferInsert {
  const sendAt = params.sendAt ?? new Date();
  const notificationType = params.notificationType ?? "reminder";
  const locale = params.locale ?? "es";
  const subject =
    params.subjectType && params.subjectId ? { subjectType: params.subjectType, subjectId: params.subjectId } : subjectOf(params);
  const aboutVisit = subject.subjectType === "appointment";
  return {
    notificationType,
    channel: "whatsapp",
    locale,
    templateKey: aboutVisit ? `${notificationType}.in_person.${locale}` : `${notificationType}.${locale}`,
    nextAttemptAt: sendAt,
    idempotencyKey: `test:${randomUUID()}`,
    ...subject,
    ...params,
    sendAt,
  };
}

/** Inserts one delivery (testDeliveryValues' defaults) and returns the row. */
export async function insertTestDelivery(db: Db, params: TestDeliveryParams): Promise<Delivery> {
  const [row] = await db.insert(deliveries).values(testDeliveryValues(params)).returning();
  return row;
}

/** Inserts many (in chunks of 250, one statement each), returning the rows in order. */
export async function insertTestDeliveries(db: Db, rows: readonly TestDeliveryParams[]): Promise<Delivery[]> {
  const inserted: Delivery[] = [];
  for (let i = 0; i < rows.length; i += 250) {
    inserted.push(
      ...(await db
        .insert(deliveries)
        .values(rows.slice(i, i + 250).map(testDeliveryValues))
        .returning()),
    );
  }
  return inserted;
}

/** A unique, valid Mexico City mobile number in E.164. */
export function uniqueMxPhone() {
  return `+5255${String(randomInt(10_000_000, 99_999_999))}`;
}

export async function createClinic(db: Db, overrides: Partial<typeof clinics.$inferInsert> = {}): Promise<Clinic> {
  const [clinic] = await db
    .insert(clinics)
    // Quiet hours (on by default for real clinics) are off for test clinics, so a test's clock decides
    // nothing it does not ask for; the quiet-hours tests turn them on.
    .values({ name: `Clínica ${randomUUID().slice(0, 6)}`, quietHoursEnabled: false, ...overrides })
    .returning();
  return clinic;
}

export async function createStaff(
  db: Db,
  params: { clinicId: string; role?: User["role"] } & Partial<typeof users.$inferInsert>,
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      name: "Dr. Prueba",
      email: `staff-${randomUUID()}@example.test`,
      passwordHash: "not-a-hash",
      role: params.role ?? "staff",
      ...params,
    })
    .returning();
  return user;
}

/** A patient with a unique phone, unless the test says `phone: null` (a patient reached by email only). */
export async function createPatient<P extends { clinicId: string } & Partial<typeof patients.$inferInsert>>(
  db: Db,
  params: P,
): Promise<P extends { phone: null } ? Patient : Patient & { phone: string }> {
  const [patient] = await db
    .insert(patients)
    .values({ firstName: "María", lastName: "Hernández", phone: uniqueMxPhone(), ...params })
    .returning();
  return patient as Patient & { phone: string };
}

export function staffContext(user: User, clinic: Clinic): StaffContext {
  return {
    userId: user.id,
    clinicId: clinic.id,
    role: user.role,
    name: user.name,
    title: user.title,
    email: user.email,
    locale: user.locale,
    clinic: { id: clinic.id, name: clinic.name, timezone: clinic.timezone, currency: clinic.currency },
  };
}

/** Two clinics, each with a staff member of the given role: every query test builds both. */
export async function createTwoClinics(db: Db, role: User["role"] = "staff") {
  const clinicA = await createClinic(db, { name: `Clínica A ${randomUUID().slice(0, 6)}` });
  const clinicB = await createClinic(db, { name: `Clínica B ${randomUUID().slice(0, 6)}`, timezone: "America/Tijuana" });
  const staffA = await createStaff(db, { clinicId: clinicA.id, role });
  const staffB = await createStaff(db, { clinicId: clinicB.id, role });
  return { clinicA, clinicB, staffA, staffB, ctxA: staffContext(staffA, clinicA), ctxB: staffContext(staffB, clinicB) };
}
