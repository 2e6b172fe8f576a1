import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import type { SetupServer } from "msw/node";
import type { Db } from "@/db/client";
import { deliveries } from "@/db/schema";
import { createPatient, createStaff, createTwoClinics, uniqueMxPhone } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import type { StaffContext } from "@/lib/auth/context";
import type { Env } from "@/lib/env";
import { getTransports } from "@/lib/notifications/channels";
import type { DispatchDeps } from "@/lib/notifications/dispatch";
import { setNotificationChannel } from "@/lib/notifications/settings";
import { updateMessagingSettings } from "./clinic-messaging";
import { createClinicSenders } from "./clinic-transports";

/** Test-only helpers: two clinics with their own Twilio senders (lib/messaging and the webhook routes' tests). */

// Two clinics with their own Twilio accounts; the real twilio SDK makes the requests and msw answers.
export const hex = (n: number) => randomBytes(n / 2).toString("hex");
export const sid = (prefix: string) => `${prefix}${hex(32)}`;
export const CONFIRMATION_KEY = "booking_confirmation.in_person.es";
export const PUBLIC_BASE_URL = "https://luna.example.mx";
export const BOOKED_AT = new Date("2026-11-25T16:00:00Z");

export const env = {
  NODE_ENV: "test",
  PGLITE_DIR: ".data/pglite",
  // Luna's shared sender: it must never carry an own clinic's message.
  TWILIO_ACCOUNT_SID: `AC${"f".repeat(32)}`,
  TWILIO_AUTH_TOKEN: "f".repeat(32),
  TWILIO_MESSAGING_SERVICE_SID: `MG${"f".repeat(32)}`,
  PUBLIC_BASE_URL,
} satisfies Env;

export interface OwnSenderFixture {
  accountSid: string;
  authToken: string;
  serviceSid?: string;
  whatsappFrom?: string;
  smsFrom?: string;
  confirmationSid?: string;
}

export async function giveOwnSender(db: Db, ctx: StaffContext, own: OwnSenderFixture) {
  const result = await updateMessagingSettings(db, ctx, {
    input: {
      mode: "own",
      accountSid: own.accountSid,
      authToken: own.authToken,
      messagingServiceSid: own.serviceSid ?? "",
      whatsappFrom: own.whatsappFrom ?? "",
      smsFrom: own.smsFrom ?? "",
      contentSids: own.confirmationSid ? { [CONFIRMATION_KEY]: own.confirmationSid } : {},
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
}

/** Two clinics, an admin and a doctor in each, and one phone number that is a patient of both. */
export async function twoOwnSenders(db: Db, params: { channels?: ("whatsapp" | "sms")[]; bConfirmationSid?: boolean } = {}) {
  const s = await createTwoClinics(db, "admin");
  const a: OwnSenderFixture = { accountSid: sid("AC"), authToken: hex(32), serviceSid: sid("MG"), confirmationSid: sid("HX") };
  const b: OwnSenderFixture = {
    accountSid: sid("AC"),
    authToken: hex(32),
    whatsappFrom: uniqueMxPhone(),
    smsFrom: uniqueMxPhone(),
    confirmationSid: params.bConfirmationSid === false ? undefined : sid("HX"),
  };
  await giveOwnSender(db, s.ctxA, a);
  await giveOwnSender(db, s.ctxB, b);
  const phone = uniqueMxPhone();
  const doctorA = await createStaff(db, { clinicId: s.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorB = await createStaff(db, { clinicId: s.clinicB.id, role: "doctor", name: "Dra. López" });
  const patientA = await createPatient(db, { clinicId: s.clinicA.id, firstName: "Ana", phone });
  const patientB = await createPatient(db, { clinicId: s.clinicB.id, firstName: "Berta", phone });
  const channels = params.channels ?? ["whatsapp"];
  for (const clinicId of [s.clinicA.id, s.clinicB.id]) {
    for (const c of ["whatsapp", "sms", "email"] as const) {
      await setNotificationChannel(db, {
        clinicId,
        notificationType: "booking_confirmation",
        channel: c,
        enabled: (channels as string[]).includes(c),
      });
    }
  }
  async function book(ctx: StaffContext, patientId: string, doctorId: string, startsAt: string) {
    const result = await bookAppointment(db, ctx, {
      input: { patientId, doctorId, startsAt, durationMinutes: 30, kind: "in_person" },
      now: BOOKED_AT,
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const rows = await db.select().from(deliveries).where(eq(deliveries.appointmentId, result.appointmentId));
    return { appointmentId: result.appointmentId, delivery: (c: string) => rows.find((d) => d.channel === c)! };
  }
  return { ...s, a, b, phone, doctorA, doctorB, patientA, patientB, book };
}

export const messagesUrl = (accountSid: string) => `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`;
export const basicAuth = (own: OwnSenderFixture) => `Basic ${Buffer.from(`${own.accountSid}:${own.authToken}`).toString("base64")}`;

export interface Captured {
  url: string;
  authorization: string | null;
  form: URLSearchParams;
}

/** Answers Twilio's Messages API for every account, recording each request. */
export function captureTwilio(server: SetupServer) {
  const captured: Captured[] = [];
  server.use(
    http.post("https://api.twilio.com/2010-04-01/Accounts/:account/Messages.json", async ({ request }) => {
      captured.push({
        url: request.url,
        authorization: request.headers.get("authorization"),
        form: new URLSearchParams(await request.text()),
      });
      return HttpResponse.json({ sid: sid("SM"), status: "accepted" }, { status: 201 });
    }),
  );
  return captured;
}

export const dispatchDeps = (db: Db): DispatchDeps => ({
  db,
  transports: getTransports({ ...env }),
  senders: createClinicSenders({ db, env: { ...env } }),
  now: () => BOOKED_AT,
  backoffMs: () => 30_000,
});
