import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { listPatientAppointments } from "@/lib/appointments/queries";
import { dispatchDelivery } from "@/lib/notifications/dispatch";
import { setNotificationChannel } from "@/lib/notifications/settings";
import { getTemplateDefinition } from "@/lib/notifications/templates/definitions";
import { createMemoryProvider } from "@/lib/notifications/testing/memory-transport";
import type { StaffContext } from "@/lib/auth/context";
import { loadMessages } from "@/messages/load";
import { getDeliveryDetail, renderDeliveryContent } from "./detail";
import { streamLogCsv, CSV_COLUMNS } from "./export-csv";
import { buildLogLabels } from "./labels";
import { DEFAULT_LOG_SORT } from "./schemas";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");

// The test rewrites a template's wording, as a later release would; it is put back after each test.
const definition = getTemplateDefinition({ type: "booking_confirmation", variant: "in_person", locale: "es" });
const original = { paragraphs: definition.paragraphs };
afterEach(() => {
  (definition as { paragraphs: readonly string[] }).paragraphs = original.paragraphs;
});

async function bookVisit(ctx: StaffContext, day: number) {
  const doctor = await createStaff(database.db, { clinicId: ctx.clinicId, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, { clinicId: ctx.clinicId, firstName: "María", email: `p-${randomUUID()}@example.com` });
  const date = new Date(NOW.getTime() + day * 86_400_000).toISOString().slice(0, 10);
  const booked = await bookAppointment(database.db, ctx, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: `${date}T10:00`, durationMinutes: 30, kind: "in_person" },
    now: NOW,
  });
  if (!booked.ok) throw new Error(JSON.stringify(booked));
  const rows = await database.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, "booking_confirmation")));
  return { patient, appointmentId: booked.appointmentId, rows };
}

/** The export's Spanish words, from the real message files. */
async function words() {
  const messages = await loadMessages("es");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = (namespace: string) => createTranslator({ locale: "es", messages, namespace } as any) as any;
  const tl = t("messageLog");
  return {
    labels: buildLogLabels(t("appointments"), tl),
    headers: Object.fromEntries(CSV_COLUMNS.map((c) => [c, tl(`csv.${c}`)])) as Record<(typeof CSV_COLUMNS)[number], string>,
    yes: tl("csv.yes") as string,
    no: tl("csv.no") as string,
  };
}

async function csvOf(clinicId: string) {
  const stream = streamLogCsv(database.db, {
    clinicId,
    timeZone: "America/Mexico_City",
    filters: {},
    sort: DEFAULT_LOG_SORT,
    ...(await words()),
  });
  return new Response(stream).text();
}

describe("the sent text on record", () => {
  it("the log, the chart and the CSV show the words sent after the template's wording changed; unsent previews follow the new wording", async () => {
    const { ctxA, clinicA, clinicB } = await createTwoClinics(database.db);
    const confirmOn = async (on: "whatsapp" | "email") => {
      for (const channel of ["whatsapp", "sms", "email"] as const) {
        await setNotificationChannel(database.db, {
          clinicId: clinicA.id,
          notificationType: "booking_confirmation",
          channel,
          enabled: channel === on,
        });
      }
    };
    const provider = createMemoryProvider();
    const send = async (rows: (typeof deliveries.$inferSelect)[]) => {
      for (const row of rows) {
        expect(await dispatchDelivery({ db: database.db, transports: provider.transports, now: () => NOW }, row.id)).toBe("sent");
      }
    };
    await confirmOn("whatsapp");
    const visit = await bookVisit(ctxA, 3);
    await send(visit.rows);
    await confirmOn("email");
    const emailVisit = await bookVisit(ctxA, 5);
    await send(emailVisit.rows);
    const whatsapp = provider.accepted.find((m) => m.channel === "whatsapp")!;
    const email = provider.accepted.find((m) => m.channel === "email")!;
    expect(whatsapp.text).toContain("María");

    // A later release rewords the confirmation.
    (definition as { paragraphs: readonly string[] }).paragraphs = ["NUEVA REDACCIÓN {{1}} en {{2}}.", ...original.paragraphs.slice(1)];

    const whatsappRow = visit.rows.find((r) => r.channel === "whatsapp")!;
    const emailRow = emailVisit.rows.find((r) => r.channel === "email")!;
    const detailOf = async (id: string) =>
      renderDeliveryContent((await getDeliveryDetail(database.db, { clinicId: clinicA.id, deliveryId: id }))!);
    expect(await detailOf(whatsappRow.id)).toEqual({ kind: "sent", text: whatsapp.text, subject: null });
    expect(await detailOf(emailRow.id)).toEqual({ kind: "sent", text: email.email!.text, subject: email.email!.subject });

    // The chart's timeline carries the same words.
    const [appointment] = await listPatientAppointments(database.db, { clinicId: clinicA.id, patientId: visit.patient.id });
    expect(appointment.messages.find((m) => m.id === whatsappRow.id)?.sentBody).toBe(whatsapp.text);

    // The CSV too: the WhatsApp row's text, the email row's subject and text.
    const csv = await csvOf(clinicA.id);
    expect(csv).toContain(whatsapp.text);
    expect(csv).toContain(email.email!.subject);
    expect(csv).not.toContain("NUEVA REDACCIÓN");
    // The other clinic's export has none of it.
    expect(await csvOf(clinicB.id)).not.toContain("María");

    // A message not sent yet is previewed from today's wording.
    await confirmOn("whatsapp");
    const unsent = await bookVisit(ctxA, 4);
    const preview = await detailOf(unsent.rows.find((r) => r.channel === "whatsapp")!.id);
    expect(preview).toMatchObject({ kind: "preview" });
    expect(preview.kind !== "unavailable" && preview.text).toContain("NUEVA REDACCIÓN María");
  });
});
