import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { appointments } from "@/db/schema";
import { SATISFACTION_REPLY_REQUESTS } from "@/lib/notifications/templates/definitions";
import { CONFIRMATION_REQUEST_TYPES } from "@/lib/results/definitions";
import { normalizeReplyText, withoutCourtesy } from "./parse-reply";

/*
 * How a reply becomes a satisfaction answer (1–5, stored on the visit), and why a bare digit is not
 * confused with "1" = confirm / "2" = cancel:
 *
 * - A WhatsApp button `csat_<n>:<appointmentId>` names its visit: it rates that visit (the patient's own, in
 *   their clinic, attended) whenever it comes; a later tap replaces the earlier answer.
 * - A typed digit "1"…"5" (or a button's label typed out, "5 Excelente", with a courtesy word allowed) is an
 *   answer only while a question is OPEN: the patient's latest satisfaction question went out (not planned,
 *   cancelled, skipped or failed) less than SATISFACTION_REPLY_WINDOW_HOURS ago, its visit is still attended and
 *   unanswered, and no message asking to confirm or cancel a visit (booking confirmation, reschedule,
 *   reminders) nor a waitlist offer has gone out to the patient since. Then "1" rates the visit 1.
 * - Otherwise the digit is read as before: "1" confirms and "2" cancels the next visit.
 *
 * A waitlist offer still held is matched before this (lib/waitlist/replies.ts), so a "1" answering a live
 * offer takes the slot.
 */

/** How long after the question went out a typed digit is still read as its answer. */
export const SATISFACTION_REPLY_WINDOW_HOURS = 48;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses of a delivery that went to the provider (the patient may have it). */
const GONE_OUT = ["sending", "queued", "sent", "delivered", "read"] as const;

/** Messages whose later arrival makes a typed digit answer them instead. */
const DIGIT_ASKING_TYPES = [...CONFIRMATION_REQUEST_TYPES, "slot_offer"] as const;

/** `csat_<n>:<appointmentId>`: the button of one visit's question. */
export function parseSatisfactionButton(buttonPayload: string | null | undefined): { score: number; appointmentId: string } | null {
  const match = /^csat_([1-5]):(.+)$/i.exec(buttonPayload?.trim() ?? "");
  if (!match || !UUID.test(match[2])) return null;
  return { score: Number(match[1]), appointmentId: match[2].toLowerCase() };
}

const LABELS = new Map<string, number>(
  Object.values(SATISFACTION_REPLY_REQUESTS).flatMap((request) =>
    request.buttons.map((button) => [normalizeReplyText(button.title), Number(button.action.slice("csat_".length))] as const),
  ),
);

/** "5", "5️⃣", "5 gracias", "5 Excelente" → 5; anything else → null. */
export function satisfactionScoreOfText(text: string | null | undefined): number | null {
  const words = normalizeReplyText(text ?? "");
  for (const candidate of [words, withoutCourtesy(words)]) {
    if (/^[1-5]$/.test(candidate)) return Number(candidate);
    const label = LABELS.get(candidate);
    if (label) return label;
  }
  return null;
}

/**
 * The visit a reply rates, and the score, or null when the reply is not a satisfaction answer (see the rule
 * above). Every query is scoped by the clinic and the patient.
 */
export async function matchSatisfactionReply(
  tx: Db,
  params: { clinicId: string; patientId: string; body: string | null | undefined; buttonPayload: string | null | undefined; now: Date },
): Promise<{ score: number; appointmentId: string } | null> {
  const { clinicId, patientId, now } = params;
  const button = parseSatisfactionButton(params.buttonPayload);
  if (button) {
    const [visit] = await queryRows<{ id: string }>(
      tx,
      sql`select a.id from appointments a
        where a.clinic_id = ${clinicId} and a.patient_id = ${patientId} and a.id = ${button.appointmentId} and a.status = 'completed'
          and exists (select 1 from deliveries d where d.clinic_id = a.clinic_id and d.appointment_id = a.id
            and d.notification_type = 'satisfaction_survey')`,
    );
    return visit ? { score: button.score, appointmentId: visit.id } : null;
  }
  // Another button (a visit's confirm/cancel, an offer's) is never a typed answer.
  if (params.buttonPayload?.trim()) return null;
  const score = satisfactionScoreOfText(params.body);
  if (score === null) return null;
  const nowIso = now.toISOString();
  const [open] = await queryRows<{ appointment_id: string }>(
    tx,
    sql`with q as (
        select d.appointment_id, d.send_at from deliveries d
        where d.clinic_id = ${clinicId} and d.patient_id = ${patientId} and d.notification_type = 'satisfaction_survey'
          and d.status in (${sql.join(
            GONE_OUT.map((s) => sql`${s}`),
            sql`, `,
          )})
          and d.send_at <= ${nowIso}::timestamptz
          and d.send_at > ${nowIso}::timestamptz - make_interval(hours => ${SATISFACTION_REPLY_WINDOW_HOURS}::int)
        order by d.send_at desc limit 1)
      select q.appointment_id from q
      join appointments a on a.id = q.appointment_id and a.clinic_id = ${clinicId} and a.patient_id = ${patientId}
      where a.status = 'completed' and a.satisfaction_score is null
        and not exists (select 1 from deliveries o where o.clinic_id = ${clinicId} and o.patient_id = ${patientId}
          and o.notification_type in (${sql.join(
            DIGIT_ASKING_TYPES.map((t) => sql`${t}`),
            sql`, `,
          )})
          and o.status in (${sql.join(
            GONE_OUT.map((s) => sql`${s}`),
            sql`, `,
          )})
          and o.send_at > q.send_at and o.send_at <= ${nowIso}::timestamptz)`,
  );
  return open ? { score, appointmentId: open.appointment_id } : null;
}

/** Stores the answer on the visit (the latest answer wins). */
export async function recordSatisfactionAnswer(
  tx: Db,
  params: { clinicId: string; appointmentId: string; score: number; now: Date },
): Promise<void> {
  await tx
    .update(appointments)
    .set({ satisfactionScore: params.score, satisfactionAnsweredAt: params.now })
    .where(and(eq(appointments.id, params.appointmentId), eq(appointments.clinicId, params.clinicId)));
}
