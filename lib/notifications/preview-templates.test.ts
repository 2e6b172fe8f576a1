import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { deliveries, type Locale } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import { dispatchDelivery } from "./dispatch";
import {
  renderTemplatePreviews,
  sampleVideoUrl,
  sampleVisitStart,
  SAMPLE_DOCTOR_NAME,
  SAMPLE_DOCTOR_TITLE,
  SAMPLE_FIRST_NAME,
} from "./preview-templates";
import type { AppointmentVariant, NotificationType } from "./registry";
import { setNotificationChannel, setReminderLeadHours } from "./settings";
import { createMemoryProvider } from "./testing/memory-transport";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T18:00:00Z");

/**
 * Books the sample visit for a patient called like the sample one and sends `type` on `channel` through
 * dispatch at the time it is due; returns what the provider accepted and what the preview shows.
 */
async function sendAndPreview(params: {
  type: NotificationType;
  channel: "whatsapp" | "email";
  locale: Locale;
  variant: AppointmentVariant;
  leadHours: number;
}) {
  const { db } = database;
  const { clinicB: clinic, ctxB: ctx } = await createTwoClinics(db, "admin"); // America/Tijuana: a zone that is not the process's
  await setReminderLeadHours(db, { clinicId: clinic.id, hours: params.leadHours });
  for (const channel of ["whatsapp", "sms", "email"] as const) {
    await setNotificationChannel(db, { clinicId: clinic.id, notificationType: params.type, channel, enabled: channel === params.channel });
  }
  const doctor = await createStaff(db, { clinicId: clinic.id, role: "doctor", name: SAMPLE_DOCTOR_NAME, title: SAMPLE_DOCTOR_TITLE });
  const patient = await createPatient(db, {
    clinicId: clinic.id,
    firstName: SAMPLE_FIRST_NAME[params.locale],
    preferredLocale: params.locale,
    email: "maria@example.com",
  });
  const startsAt = sampleVisitStart({ now: NOW, timeZone: clinic.timezone });
  const booked = await bookAppointment(db, ctx, {
    input: {
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt: startsAt.toISOString(),
      durationMinutes: 30,
      kind: params.variant,
      videoUrl: params.variant === "video" ? sampleVideoUrl(null) : undefined,
    },
    now: NOW,
  });
  if (!booked.ok) throw new Error(JSON.stringify(booked));
  const [delivery] = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, params.type)));
  const provider = createMemoryProvider();
  expect(await dispatchDelivery({ db, transports: provider.transports, now: () => delivery.sendAt }, delivery.id)).toBe("sent");
  const previews = await renderTemplatePreviews({
    type: params.type,
    clinic: { name: clinic.name, timezone: clinic.timezone, reminderLeadHours: params.leadHours, videoRoomBaseUrl: null },
    now: NOW,
  });
  const preview = previews.previews.find((p) => p.locale === params.locale && p.variant === params.variant)!;
  return { sent: provider.accepted[0], preview, previews, sendAt: delivery.sendAt };
}

describe("template previews", () => {
  it("show exactly the WhatsApp text dispatch sends for a reminder, at the time it goes out", async () => {
    const { sent, preview, sendAt } = await sendAndPreview({
      type: "reminder",
      channel: "whatsapp",
      locale: "es",
      variant: "in_person",
      leadHours: 24,
    });
    expect(preview.sendAt).toBe(sendAt.toISOString());
    expect(preview.templateKey).toBe(sent.templateKey);
    expect(preview.text).toBe(sent.text);
    expect(preview.text).toContain("Hola María");
    expect(preview.text).toContain("mañana a las 10:00 a.m.");
  });

  it("show the same English video text, with the join link, as the 1 h reminder dispatch sends", async () => {
    const { sent, preview } = await sendAndPreview({
      type: "reminder_1h",
      channel: "whatsapp",
      locale: "en",
      variant: "video",
      leadHours: 48,
    });
    expect(preview.text).toBe(sent.text);
    expect(preview.text).toContain("https://meet.example.com/luna-4821");
  });

  it("show the same email (subject and HTML) dispatch sends for a booking confirmation", async () => {
    const { sent, preview, previews } = await sendAndPreview({
      type: "booking_confirmation",
      channel: "email",
      locale: "es",
      variant: "in_person",
      leadHours: 24,
    });
    expect(preview.email.subject).toBe(sent.email!.subject);
    expect(preview.email.html).toBe(sent.email!.html);
    // The HTML document is titled with the subject, in the preview as in the sent email.
    expect(preview.email.html).toContain(`<title>${sent.email!.subject}</title>`);
    // The sample date, in the clinic's zone and each language, is the one the confirmation names.
    expect(preview.text).toContain(previews.sampleDate.es);
    expect(previews.sampleDate).toEqual({ es: "sábado 28 de noviembre, 10:00 a.m.", en: "Saturday, November 28 at 10:00 AM" });
  });

  it("render every language × variant of each row, the video ones under the clinic's own room URL", async () => {
    const result = await renderTemplatePreviews({
      type: "cancellation",
      clinic: {
        name: "Clínica Luna",
        timezone: "America/Mexico_City",
        reminderLeadHours: 24,
        videoRoomBaseUrl: "https://video.clinicaluna.mx/salas/",
      },
      now: NOW,
    });
    expect(result.previews.map((p) => `${p.locale}:${p.variant}`)).toEqual(["es:in_person", "es:video", "en:in_person", "en:video"]);
    const reminder = await renderTemplatePreviews({
      type: "reminder",
      clinic: {
        name: "Clínica Luna",
        timezone: "America/Mexico_City",
        reminderLeadHours: 24,
        videoRoomBaseUrl: "https://video.clinicaluna.mx/salas/",
      },
      now: NOW,
    });
    expect(reminder.previews.find((p) => p.locale === "es" && p.variant === "video")!.text).toContain(
      "https://video.clinicaluna.mx/salas/luna-4821",
    );
  });

  it("preview the link messages too (lab results, prescription, form, care instructions): one variant, the link, the clinic's doctor", async () => {
    const clinic = { name: "Clínica Luna", timezone: "America/Mexico_City", reminderLeadHours: 24 };
    for (const type of ["lab_result_ready", "prescription_ready", "intake_form", "care_instructions_ready"] as const) {
      const result = await renderTemplatePreviews({ type, clinic, doctor: { name: "Ana López", title: "dra" }, now: NOW });
      expect(result.variants).toEqual(["in_person"]);
      expect(result.previews.map((p) => p.locale)).toEqual(["es", "en"]);
      for (const preview of result.previews) {
        expect(preview.text).toMatch(/\/l\/AAAAAAAAAAAAAAAAAAAAAA\b/);
        expect(preview.text).toContain("7");
        expect(preview.buttons).toEqual([]);
        expect(preview.sendAt).toBe(NOW.toISOString());
      }
      expect(result.doctorName).toEqual({ es: "la Dra. Ana López", en: "Dr. Ana López" });
    }
    const prescription = await renderTemplatePreviews({
      type: "prescription_ready",
      clinic,
      doctor: { name: "Ana López", title: "dra" },
      now: NOW,
    });
    expect(prescription.previews[0].text).toContain("la Dra. Ana López");
  });
});
