import { and, eq, ne } from "drizzle-orm";
import { appointments, clinics } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { DomainEventOf, Listener } from "@/lib/domain-events/types";
import { forecastAppointmentExtras } from "@/lib/notifications/plan-appointment-change";
import { createIntakeFormRequest } from "./send-intake-form";

/**
 * With the booking of a patient's FIRST visit (no other appointment of theirs at this clinic, cancelled
 * ones included), and when the clinic has turned it on, plans the intake form right after the
 * confirmation (both due at once), in the booking's transaction. Returns the forecast of the message it planned.
 */
export const planFirstVisitIntakeForm: Listener<DomainEventOf<"appointment.booked">> = async (tx, event, change) => {
  const { appointment, now } = event;
  const [clinic] = await tx
    .select({ on: clinics.intakeFormOnFirstVisit })
    .from(clinics)
    .where(eq(clinics.id, appointment.clinicId))
    .limit(1);
  if (!clinic?.on) return;
  const [earlier] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, appointment.clinicId),
        eq(appointments.patientId, appointment.patientId),
        ne(appointments.id, appointment.id),
      ),
    )
    .limit(1);
  if (earlier) return;
  const created = await createIntakeFormRequest(tx, change, {
    clinicId: appointment.clinicId,
    patient: event.patient,
    trigger: "first_visit",
    sentById: null,
    appointmentId: appointment.id,
    now,
  });
  await recordAudit(tx, {
    clinicId: appointment.clinicId,
    actorUserId: null,
    action: "form_request.send",
    entityType: "form_request",
    entityId: created.formRequestId,
    metadata: { trigger: "first_visit", appointmentId: appointment.id },
  });
  // What staff are told in the booking toast, on the same state as the visit's own messages.
  return { forecast: await forecastAppointmentExtras(tx, { appointment, patient: event.patient, scheduled: created.scheduled, now }) };
};
