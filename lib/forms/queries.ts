import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { formRequests, users } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * The intake forms sent to a patient, newest first, for the chart: status and times only. The answers
 * are read one form at a time through `viewFormAnswers`, which is audited.
 */
export async function listFormRequests(db: Db, params: { clinicId: string; patientId: string }) {
  return db
    .select({
      id: formRequests.id,
      status: formRequests.status,
      trigger: formRequests.trigger,
      sentAt: formRequests.sentAt,
      openedAt: formRequests.openedAt,
      submittedAt: formRequests.submittedAt,
      answersUpdatedAt: formRequests.answersUpdatedAt,
      sentByName: users.name,
    })
    .from(formRequests)
    .leftJoin(users, eq(users.id, formRequests.sentById))
    .where(and(eq(formRequests.clinicId, params.clinicId), eq(formRequests.patientId, params.patientId)))
    .orderBy(desc(formRequests.sentAt));
}

/**
 * A staff member reads a patient's answers: only within their clinic (another clinic's form is the same
 * as a missing one), and the view is written to the audit log.
 */
export async function viewFormAnswers(db: Db, ctx: StaffContext, params: { patientId: string; formRequestId: string }) {
  const [row] = await db
    .select()
    .from(formRequests)
    .where(
      and(eq(formRequests.id, params.formRequestId), eq(formRequests.clinicId, ctx.clinicId), eq(formRequests.patientId, params.patientId)),
    )
    .limit(1);
  if (!row) return null;
  if (row.answers) {
    await recordAudit(db, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "form_answers.view",
      entityType: "form_request",
      entityId: row.id,
    });
  }
  return row;
}
