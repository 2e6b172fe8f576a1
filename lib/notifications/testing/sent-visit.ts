import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Channel, type Delivery } from "@/db/schema";
import { createPatient, createStaff } from "@/db/testing/factories";
import type { StaffContext } from "@/lib/auth/context";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import type { ChannelTransport } from "../channels/types";
import { dispatchDelivery } from "../dispatch";
import { setNotificationChannel } from "../settings";

/** A Twilio message SID nobody else's test will use (test files share one database). */
export const uniqueTwilioSid = () => `SM${randomBytes(16).toString("hex")}`;

/**
 * Providers that accept every message with a fresh id: Twilio-shaped SIDs for WhatsApp/SMS ("queued"),
 * a UUID for email ("sent"), as the real transports report them.
 */
export function acceptingTransports(): Record<Channel, ChannelTransport> {
  const messaging: ChannelTransport = {
    name: "twilio",
    async send() {
      return { providerMessageId: uniqueTwilioSid(), status: "queued", simulated: false };
    },
  };
  const email: ChannelTransport = {
    name: "resend",
    async send() {
      return { providerMessageId: randomUUID(), status: "sent", simulated: false };
    },
  };
  return { whatsapp: messaging, sms: messaging, email };
}

export async function reloadDelivery(db: Db, id: string): Promise<Delivery> {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return row;
}

/** Dispatches one delivery through `acceptingTransports` at `now` and returns the row as recorded. */
export async function sendDelivery(db: Db, params: { deliveryId: string; now: Date }): Promise<Delivery> {
  const outcome = await dispatchDelivery({ db, transports: acceptingTransports(), now: () => params.now }, params.deliveryId);
  if (outcome !== "sent") throw new Error(`delivery ${params.deliveryId} was not sent: ${outcome}`);
  return reloadDelivery(db, params.deliveryId);
}

/**
 * A visit booked three days after `now` in the staff member's clinic, with the booking confirmation
 * enabled on `channels` only (the first usable of WhatsApp → SMS → email is the one planned), and that
 * confirmation sent. The patient has a phone and an email address.
 */
export async function bookSentConfirmation(db: Db, params: { ctx: StaffContext; channels: Record<Channel, boolean>; now: Date }) {
  const { ctx, now } = params;
  const doctor = await createStaff(db, { clinicId: ctx.clinicId, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(db, { clinicId: ctx.clinicId, email: `paciente-${randomUUID()}@example.com` });
  for (const channel of ["whatsapp", "sms", "email"] as const) {
    await setNotificationChannel(db, {
      clinicId: ctx.clinicId,
      notificationType: "booking_confirmation",
      channel,
      enabled: params.channels[channel],
    });
  }
  const day = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const booked = await bookAppointment(db, ctx, {
    input: { patientId: patient.id, doctorId: doctor.id, startsAt: `${day}T10:00`, durationMinutes: 30, kind: "in_person" },
    now,
  });
  if (!booked.ok) throw new Error(`booking failed: ${JSON.stringify(booked)}`);
  const [confirmation] = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.appointmentId, booked.appointmentId), eq(deliveries.notificationType, "booking_confirmation")));
  const sent = await sendDelivery(db, { deliveryId: confirmation.id, now });
  return { appointmentId: booked.appointmentId, patient, confirmation: sent };
}

/** Every delivery of an appointment's booking confirmation, oldest first (the chain of fallbacks and retries). */
export async function confirmationChain(db: Db, appointmentId: string) {
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.appointmentId, appointmentId), eq(deliveries.notificationType, "booking_confirmation")));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.idempotencyKey.length - b.idempotencyKey.length);
}
