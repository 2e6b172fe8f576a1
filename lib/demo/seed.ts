import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, clinics, doctorProfiles, patients, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import type { StaffContext } from "@/lib/auth/context";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { runChange } from "@/lib/domain-events/run-change";
import { createClinic } from "@/lib/onboarding/create-clinic";
import { zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { seedDemoHistory } from "./seed-history";

/** Printed on first start; the demo is for trying Luna on one machine, never for production data. */
export const DEMO_PASSWORD = "luna-demo-2026";

interface DemoClinic {
  name: string;
  timezone: string;
  phone: string;
  address: string;
  staff: { name: string; email: string; role: "admin" | "doctor" | "staff"; title?: "dr" | "dra"; locale?: "es" | "en" }[];
  patients: [firstName: string, lastName: string, phone: string, locale: "es" | "en", email?: string][];
}

export const DEMO_CLINICS: DemoClinic[] = [
  {
    name: "Clínica Luna",
    timezone: "America/Mexico_City",
    phone: "+525555550100",
    address: "Av. Insurgentes Sur 1234, Col. Del Valle, 03100 Ciudad de México, CDMX",
    staff: [
      { name: "Ana Torres", email: "admin@clinicaluna.mx", role: "admin" },
      { name: "Dr. García", email: "garcia@clinicaluna.mx", role: "doctor", title: "dr" },
      { name: "Dra. López", email: "lopez@clinicaluna.mx", role: "doctor", title: "dra" },
      { name: "Sofía Ramírez", email: "recepcion@clinicaluna.mx", role: "staff" },
    ],
    patients: [
      ["María", "Hernández Ruiz", "+525512345678", "es", "maria.hernandez@example.com"],
      ["José", "Martínez Gómez", "+525523456789", "es"],
      ["Guadalupe", "López Sánchez", "+525534567890", "es", "lupita.lopez@example.com"],
      ["Juan", "Pérez Flores", "+525545678901", "es"],
      ["Fernanda", "Rodríguez Cruz", "+525556789012", "es", "fer.rodriguez@example.com"],
      ["Alejandro", "González Reyes", "+525567890123", "es"],
      ["Sarah", "Johnson", "+525578901234", "en", "sarah.johnson@example.com"],
      ["Ximena", "Morales Ortiz", "+525589012345", "es"],
      ["Luis", "Castillo Vargas", "+525590123456", "es", "luis.castillo@example.com"],
      ["Daniela", "Jiménez Mendoza", "+525511223344", "es"],
      ["Michael", "Brown", "+525522334455", "en", "m.brown@example.com"],
      ["Valeria", "Ramos Aguilar", "+525533445566", "es"],
      ["Carlos", "Chávez Medina", "+525544556677", "es"],
      ["Sofía", "Guerrero Rojas", "+525555667788", "es", "sofia.guerrero@example.com"],
      ["Emily", "Davis", "+525566778899", "en"],
      ["Ricardo", "Vázquez Herrera", "+525577889900", "es"],
      ["Paola", "Domínguez Silva", "+525588990011", "es"],
      ["Miguel Ángel", "Navarro Torres", "+525599001122", "es", "miguel.navarro@example.com"],
      ["Regina", "Salazar Ríos", "+523312345678", "es"],
      ["Diego", "Cortés Luna", "+523323456789", "es"],
      ["Camila", "Mejía Contreras", "+523334567890", "es", "camila.mejia@example.com"],
      ["David", "Miller", "+523345678901", "en"],
      ["Andrea", "Estrada Campos", "+528112345678", "es"],
      ["Roberto", "Figueroa Núñez", "+528123456789", "es"],
      ["Natalia", "Ibarra Peña", "+528134567890", "es", "natalia.ibarra@example.com"],
      ["Jessica", "Wilson", "+528145678901", "en", "jessica.wilson@example.com"],
      ["Eduardo", "Sandoval Ochoa", "+522221234567", "es"],
      ["Mariana", "Cárdenas Lara", "+522222345678", "es"],
      ["Arturo", "Ponce Valdez", "+529981234567", "es"],
      ["Renata", "Bautista Mora", "+529992345678", "es", "renata.bautista@example.com"],
    ],
  },
  {
    name: "Clínica Sol",
    timezone: "America/Tijuana",
    phone: "+526645550100",
    address: "Blvd. Agua Caliente 4558, Col. Aviación, 22014 Tijuana, B.C.",
    staff: [
      { name: "Laura Méndez", email: "admin@clinicasol.mx", role: "admin" },
      { name: "Dr. Ortega", email: "ortega@clinicasol.mx", role: "doctor", title: "dr" },
      { name: "Pedro Salas", email: "recepcion@clinicasol.mx", role: "staff" },
    ],
    patients: [
      ["Lucía", "Fuentes Vega", "+526641234567", "es"],
      ["Jorge", "Acosta Ramírez", "+526642345678", "es"],
      ["Karen", "Smith", "+526643456789", "en", "karen.smith@example.com"],
      ["Héctor", "Molina Parra", "+526644567890", "es"],
      ["Brenda", "Quintero Soto", "+526645678901", "es"],
      ["Tomás", "Serrano Delgado", "+526646789012", "es"],
    ],
  },
];

const SLOTS = [9, 10, 11, 12, 13, 16, 17];

/** The demo doctors' week: Monday to Friday 9–14 and 16–19, Saturday 9–13 (the seeded visits fall inside it). */
export const DEMO_WORKING_HOURS = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: "09:00", end: "14:00" },
    { weekday, start: "16:00", end: "19:00" },
  ]),
  { weekday: 6, start: "09:00", end: "13:00" },
];

/**
 * Loads the demo clinics into an empty database. Returns false (and changes nothing) when the demo
 * clinic already exists. Appointments fall on weekdays of the next two weeks from `now`. With `history` (the
 * dev server's and `npm run db:seed`'s demo; not the browser tests', which count their own records), each clinic
 * also gets two months of past visits with their messages, confirmations, outcomes and satisfaction answers
 * (seed-history.ts), so the results page shows something on first start.
 */
export async function seedDemo(
  db: Db,
  options: { now?: Date; quietHours?: boolean; doctorHours?: boolean; history?: boolean } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const [existing] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.name, DEMO_CLINICS[0].name)).limit(1);
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await runChange(db, async (tx) => {
    for (const demo of DEMO_CLINICS) {
      const clinic = await createClinic(tx, {
        name: demo.name,
        timezone: demo.timezone,
        phone: demo.phone,
        address: demo.address,
        currency: "MXN",
        defaultLocale: "es",
        // On, as for every clinic, unless the run asks otherwise (browser tests run at any hour: SEED_QUIET_HOURS=0).
        quietHoursEnabled: options.quietHours ?? true,
        now,
      });
      const staff = await tx
        .insert(users)
        .values(demo.staff.map((s) => ({ ...s, clinicId: clinic.id, passwordHash, locale: s.locale ?? ("es" as const) })))
        .returning();
      const doctors = staff.filter((s) => s.role === "doctor");
      // Working hours, unless the run asks otherwise (browser tests book at any hour: e2e/seed-fixtures.ts).
      if (options.doctorHours ?? true) {
        await tx
          .insert(doctorProfiles)
          .values(doctors.map((d) => ({ userId: d.id, clinicId: clinic.id, workingHours: DEMO_WORKING_HOURS, timeOff: [] })));
      }
      const seededPatients = await tx
        .insert(patients)
        .values(
          demo.patients.map(([firstName, lastName, phone, preferredLocale, email]) => ({
            clinicId: clinic.id,
            firstName,
            lastName,
            phone,
            preferredLocale,
            email: email ?? null,
          })),
        )
        .returning();

      // Two appointments a weekday over the next 14 days, alternating doctors, every fourth by video. They
      // are booked the way staff book them, so each has its confirmation and reminders in the outbox.
      const admin = staff.find((s) => s.role === "admin")!;
      const ctx: StaffContext = {
        userId: admin.id,
        clinicId: clinic.id,
        role: "admin",
        name: admin.name,
        email: admin.email,
        locale: admin.locale,
        clinic: { id: clinic.id, name: clinic.name, timezone: clinic.timezone, currency: clinic.currency },
      };
      if (options.history) {
        await seedDemoHistory(tx, {
          ctx,
          doctors,
          patients: seededPatients,
          timeZone: demo.timezone,
          now,
          askSatisfaction: demo === DEMO_CLINICS[0],
        });
      }
      let patientIndex = 0;
      for (let dayOffset = 1; dayOffset <= 14; dayOffset++) {
        const date = zonedCalendarDatePlusDays(now, demo.timezone, dayOffset);
        if (date.weekday === 0 || date.weekday === 6) continue;
        for (let i = 0; i < 2 && patientIndex < seededPatients.length; i++, patientIndex++) {
          const patient = seededPatients[patientIndex];
          const hour = SLOTS[(patientIndex * 3) % SLOTS.length];
          const startsAt = zonedDateTime(demo.timezone, { ...date, hour, minute: patientIndex % 2 ? 30 : 0 });
          const video = patientIndex % 4 === 3;
          const booked = await bookAppointment(tx, ctx, {
            input: {
              patientId: patient.id,
              doctorId: doctors[patientIndex % doctors.length].id,
              startsAt: startsAt.toISOString(),
              durationMinutes: 30,
              kind: video ? "video" : "in_person",
              videoUrl: video ? `https://meet.jit.si/luna-demo-${patient.id.slice(0, 8)}` : undefined,
            },
            now,
          });
          if (!booked.ok) throw new Error(`demo booking failed: ${JSON.stringify(booked)}`);
          if (patientIndex % 5 === 0) {
            await tx.update(appointments).set({ status: "confirmed" }).where(eq(appointments.id, booked.appointmentId));
          }
        }
      }
    }
  });
  return true;
}

export function demoSignInLines(): string[] {
  return DEMO_CLINICS.flatMap((clinic) =>
    clinic.staff.map((s) => `  ${clinic.name.padEnd(13)} ${s.role.padEnd(7)} ${s.email.padEnd(26)} ${DEMO_PASSWORD}`),
  );
}
