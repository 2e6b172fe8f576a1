import type { Delivery } from "@/db/schema";
import type { NotificationType } from "@/db/schema/enums";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, deliveries, inboundMessages } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { recordAudit } from "@/lib/audit/record-audit";
import { getPatient } from "./queries";

/**
 * Opens a patient's chart for a staff member: the patient of their clinic (null for a missing or
 * another clinic's one, which records nothing) and one `patient.viewed` audit entry per view.
 */
export async function openPatientChart(db: Db, ctx: StaffContext, params: { patientId: string }) {
  const patient = await getPatient(db, { clinicId: ctx.clinicId, patientId: params.patientId });
  if (!patient) return null;
  await recordChartView(db, ctx, { patientId: patient.id });
  return patient;
}

/** Records that a staff member opened a patient's chart: who, which patient, when; no values. */
export async function recordChartView(db: Db, ctx: StaffContext, params: { patientId: string }) {
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "patient.viewed",
    entityType: "patient",
    entityId: params.patientId,
  });
}

export type HistoryEntry =
  | {
      kind: "delivery";
      id: string;
      at: Date;
      notificationType: NotificationType;
      channel: "whatsapp" | "sms" | "email";
      status: Delivery["status"];
      errorCode: string | null;
      simulated: boolean;
      attempts: number;
      fallbackOfId: string | null;
      appointmentStartsAt: Date | null;
    }
  | {
      kind: "reply";
      id: string;
      at: Date;
      channel: "whatsapp" | "sms" | "email";
      intent: string;
      body: string;
    };

/**
 * Every message to the patient (visit-related or not, e.g. an opt-out confirmation) and every reply
 * from them, newest first. A message's time is its last attempt, or its planned time until it has one.
 */
export async function listPatientHistory(db: Db, params: { clinicId: string; patientId: string; limit?: number }): Promise<HistoryEntry[]> {
  const limit = params.limit ?? 200;
  const at = sql<Date>`coalesce(${deliveries.lastAttemptAt}, ${deliveries.sendAt})`.mapWith(deliveries.sendAt);
  const [sent, replies] = await Promise.all([
    db
      .select({
        id: deliveries.id,
        at,
        notificationType: deliveries.notificationType,
        channel: deliveries.channel,
        status: deliveries.status,
        errorCode: deliveries.errorCode,
        simulated: deliveries.simulated,
        attempts: deliveries.attempts,
        fallbackOfId: deliveries.fallbackOfId,
        appointmentStartsAt: appointments.startsAt,
      })
      .from(deliveries)
      .leftJoin(appointments, and(eq(appointments.id, deliveries.appointmentId), eq(appointments.clinicId, params.clinicId)))
      .where(and(eq(deliveries.clinicId, params.clinicId), eq(deliveries.patientId, params.patientId)))
      .orderBy(desc(at), desc(deliveries.createdAt))
      .limit(limit),
    db
      .select({
        id: inboundMessages.id,
        at: inboundMessages.receivedAt,
        channel: inboundMessages.channel,
        intent: inboundMessages.intent,
        body: inboundMessages.body,
      })
      .from(inboundMessages)
      .where(and(eq(inboundMessages.clinicId, params.clinicId), eq(inboundMessages.patientId, params.patientId)))
      .orderBy(desc(inboundMessages.receivedAt))
      .limit(limit),
  ]);
  const entries: HistoryEntry[] = [
    ...sent.map((d) => ({ kind: "delivery" as const, ...d })),
    ...replies.map((r) => ({ kind: "reply" as const, ...r })),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
