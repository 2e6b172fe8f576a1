import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, deliveries, patients, type Channel } from "@/db/schema";
import { createStaff, uniqueMxPhone } from "@/db/testing/factories";
import { createTwilioTransport } from "../channels/twilio-transport";
import { templateKey } from "../registry";
import { setNotificationChannel } from "../settings";
import { listTemplates } from "../templates/catalog";
import { LoopbackRequestClient } from "./fake-twilio";

export const FAKE_ACCOUNT_SID = `AC${"f".repeat(32)}`;
export const FAKE_WHATSAPP_FROM = "+15550000001";
export const FAKE_SMS_FROM = "+15550000002";

/** Every template key → a Content SID, and each SID → its approved text (for the fake to store, as Twilio does). */
export function fakeContentSids() {
  const templates = listTemplates();
  const contentSids = Object.fromEntries(templates.map((t, i) => [t.key, `HX${i.toString(16).padStart(32, "0")}`]));
  const contentBodies = Object.fromEntries(templates.map((t, i) => [`HX${i.toString(16).padStart(32, "0")}`, t.body]));
  return { contentSids, contentBodies };
}

/** The app's Twilio transport (real SDK) pointed at a loopback fake, with a short call timeout. */
export function fakeTwilioTransport(baseUrl: string, params: { timeoutMs: number }) {
  return createTwilioTransport({
    accountSid: FAKE_ACCOUNT_SID,
    authToken: "fake-auth-token",
    whatsappFrom: FAKE_WHATSAPP_FROM,
    smsFrom: FAKE_SMS_FROM,
    contentSids: fakeContentSids().contentSids,
    httpClient: new LoopbackRequestClient(baseUrl, { timeout: params.timeoutMs }),
    timeoutMs: params.timeoutMs,
  });
}

/**
 * `count` patients of one clinic, each with a visit `visitInMs` after `dueAt` and one booking
 * confirmation due at `dueAt` on `channel` (alternating WhatsApp and SMS when "mixed"). Returns the
 * delivery ids and each patient's address as the provider sees it.
 */
export async function seedDueBurst(
  db: Db,
  params: { clinicId: string; count: number; dueAt: Date; channel: Channel | "mixed"; visitInMs?: number; email?: boolean },
) {
  const { clinicId, count, dueAt } = params;
  const doctor = await createStaff(db, { clinicId, role: "doctor", name: "Dra. Prueba" });
  for (const channel of ["sms", "email"] as const) {
    await setNotificationChannel(db, { clinicId, notificationType: "booking_confirmation", channel, enabled: true });
  }
  const people = await db
    .insert(patients)
    .values(
      Array.from({ length: count }, (_, i) => ({
        clinicId,
        firstName: "María",
        lastName: `Prueba ${i}`,
        phone: uniqueMxPhone(),
        email: params.email ? `paciente-${i}-${randomUUID().slice(0, 6)}@example.test` : null,
      })),
    )
    .returning();
  const startsAt = new Date(dueAt.getTime() + (params.visitInMs ?? 2 * 86_400_000));
  const visits = await db
    .insert(appointments)
    .values(
      people.map((p) => ({
        clinicId,
        patientId: p.id,
        doctorId: doctor.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        kind: "in_person" as const,
      })),
    )
    .returning();
  const rows = await db
    .insert(deliveries)
    .values(
      visits.map((v, i) => {
        const channel: Channel = params.channel === "mixed" ? (i % 2 === 0 ? "whatsapp" : "sms") : params.channel;
        return {
          clinicId,
          patientId: v.patientId,
          appointmentId: v.id,
          appointmentVersion: 1,
          subjectType: "appointment" as const,
          subjectId: v.id,
          subjectVersion: 1,
          notificationType: "booking_confirmation" as const,
          channel,
          locale: "es" as const,
          templateKey: templateKey("booking_confirmation", "in_person", "es"),
          sendAt: dueAt,
          nextAttemptAt: dueAt,
          idempotencyKey: `burst:${v.id}:${channel}`,
        };
      }),
    )
    .returning();
  const phoneOf = new Map(people.map((p) => [p.id, p.phone]));
  const addresses = rows.map((r) => (r.channel === "whatsapp" ? `whatsapp:${phoneOf.get(r.patientId)}` : phoneOf.get(r.patientId)!));
  return { ids: rows.map((r) => r.id), addresses, patients: people };
}

export async function deliveriesById(db: Db, ids: string[]) {
  return db.select().from(deliveries).where(inArray(deliveries.id, ids));
}
