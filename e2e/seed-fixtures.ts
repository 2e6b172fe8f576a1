/**
 * Run by Playwright's web server command before `next start` (playwright.config.ts), into the fresh e2e
 * PGlite folder: the demo clinics, plus what a browser test cannot make through the UI without waiting
 * for a clock — an expired patient link and a visit whose time has come. What the specs need to find
 * them (the link's token, the visit's clinic-local date and time) goes to E2E_FIXTURES_FILE, read by
 * e2e/fixtures.ts. The app itself has no test hook to move its clock.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { openPglite } from "@/db/client";
import { clinics, patients, users } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { staffContext } from "@/db/testing/factories";
import { storePatientDocument } from "@/lib/documents/store-document";
import { getEnv } from "@/lib/env";
import { createSecureLink } from "@/lib/links/secure-links";
import { createFilesystemBlobStore } from "@/lib/storage/filesystem-store";
import { toZonedInputValue } from "@/lib/dates";

const DAY_MS = 24 * 60 * 60 * 1000;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

export interface E2eFixtures {
  /** María Hernández Ruiz (Clínica Luna): a lab result shared eight days ago; its 7-day link has expired. */
  expiredLabResultToken: string;
  /** Karen Smith (Clínica Sol): a 15-minute visit that started 10 minutes before the server did. */
  pastVisit: { date: string; time: string };
}

async function main() {
  const env = getEnv();
  const out = process.env.E2E_FIXTURES_FILE;
  if (!out) throw new Error("E2E_FIXTURES_FILE is not set");
  const database = await openPglite({ dataDir: path.resolve(env.PGLITE_DIR) });
  const { db } = database;
  const now = new Date();
  // The same switch as the server's start (lib/startup.ts): the suite runs at any hour, so the demo clinics
  // start without quiet hours when SEED_QUIET_HOURS=0 (playwright.config.ts sets it).
  await seedDemo(db, { now, quietHours: env.SEED_QUIET_HOURS !== "0", doctorHours: false });

  const staffOf = async (email: string) => {
    const [row] = await db.select().from(users).innerJoin(clinics, eq(clinics.id, users.clinicId)).where(eq(users.email, email));
    return { user: row.users, clinic: row.clinics, ctx: staffContext(row.users, row.clinics) };
  };
  const patientOf = async (clinicId: string, firstName: string, lastName: string) => {
    const [row] = await db
      .select()
      .from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.firstName, firstName), eq(patients.lastName, lastName)));
    return row;
  };

  // An expired link: the document stored and shared eight days ago (links live seven).
  const luna = await staffOf("admin@clinicaluna.mx");
  const maria = await patientOf(luna.clinic.id, "María", "Hernández Ruiz");
  const sharedAt = new Date(now.getTime() - 8 * DAY_MS);
  const store = createFilesystemBlobStore({ root: env.BLOBS_DIR ?? ".data/blobs" });
  const expired = await storePatientDocument(
    db,
    luna.ctx,
    { patientId: maria.id, kind: "lab_result", bytes: PDF, store, now: sharedAt },
    (tx, documentId) =>
      createSecureLink(tx, {
        clinicId: luna.clinic.id,
        patientId: maria.id,
        purpose: "lab_result",
        targetId: documentId,
        createdById: luna.user.id,
        now: sharedAt,
      }),
  );
  if (!("token" in expired)) throw new Error("could not store the expired lab result");

  // A patient who wrote BAJA on WhatsApp and has no email: every message of a booking will be skipped.
  await db.insert(patients).values({
    clinicId: luna.clinic.id,
    firstName: "Tomás",
    lastName: "Sin Mensajes",
    phone: "+529991112233",
    whatsappOptedOutAt: now,
    whatsappOptOutSource: "patient_reply",
  });

  // A visit whose time has come, booked the way staff book (an hour before it started).
  const sol = await staffOf("admin@clinicasol.mx");
  const karen = await patientOf(sol.clinic.id, "Karen", "Smith");
  const [doctor] = await db
    .select()
    .from(users)
    .where(and(eq(users.clinicId, sol.clinic.id), eq(users.role, "doctor")));
  const startsAt = new Date(Math.floor((now.getTime() - 10 * 60_000) / 60_000) * 60_000);
  const booked = await bookAppointment(db, sol.ctx, {
    input: { patientId: karen.id, doctorId: doctor.id, startsAt: startsAt.toISOString(), durationMinutes: 15, kind: "in_person" },
    now: new Date(startsAt.getTime() - 60 * 60_000),
  });
  if (!booked.ok) throw new Error(`could not book the past visit: ${JSON.stringify(booked)}`);
  const [date, time] = toZonedInputValue(startsAt, sol.clinic.timezone).split("T");

  await database.close();
  const fixtures: E2eFixtures = { expiredLabResultToken: expired.token, pastVisit: { date, time } };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(fixtures, null, 2));
  console.log(`[e2e] seeded the demo and the fixtures in ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
