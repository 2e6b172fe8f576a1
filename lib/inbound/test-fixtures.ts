import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment } from "@/lib/appointments/change-appointment";
import type { StaffContext } from "@/lib/auth/context";
import type { InboundForm } from "./schemas";

/** Test-only helpers for the reply tests (lib/inbound and the webhook route). */

/** Bookings are made at NOW; replies arrive an hour later. */
export const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Mexico City
export const REPLY_AT = new Date(NOW.getTime() + 60 * 60_000);

export const messageSid = () => `SM${randomBytes(16).toString("hex")}`;
/** "+525512345678" → "whatsapp:+5215512345678", as WhatsApp reports a Mexican sender. */
export const whatsappFrom = (phone: string) => `whatsapp:+521${phone.slice(3)}`;
export const waIdOf = (phone: string) => `521${phone.slice(3)}`;

export function inboundForm(overrides: Partial<InboundForm> & Pick<InboundForm, "From">): InboundForm {
  return { MessageSid: messageSid(), Body: "", ...overrides };
}

/** Two clinics, a doctor and a patient in each; `book` makes an appointment like staff do (with its messages). */
export async function replyScenario(db: Db) {
  const two = await createTwoClinics(db);
  const doctorA = await createStaff(db, { clinicId: two.clinicA.id, role: "doctor", name: "Dr. García" });
  const doctorB = await createStaff(db, { clinicId: two.clinicB.id, role: "doctor", name: "Dra. López" });
  const patientA = await createPatient(db, { clinicId: two.clinicA.id, email: "maria@example.com" });
  const patientB = await createPatient(db, { clinicId: two.clinicB.id, email: "lucia@example.com" });

  async function book(params: { ctx: StaffContext; patientId: string; doctorId: string; startsAt: string }) {
    const result = await bookAppointment(db, params.ctx, {
      input: {
        patientId: params.patientId,
        doctorId: params.doctorId,
        startsAt: params.startsAt,
        durationMinutes: "30",
        kind: "in_person",
      },
      now: NOW,
    });
    if (!result.ok) throw new Error(`booking failed: ${JSON.stringify(result)}`);
    return result.appointmentId;
  }

  return { ...two, doctorA, doctorB, patientA, patientB, book };
}
