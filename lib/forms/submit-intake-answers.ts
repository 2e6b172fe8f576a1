import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channels, formRequests, patients } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { setMarketingConsent } from "@/lib/campaigns/consent";
import { resolveSecureLink } from "@/lib/links/secure-links";
import { fieldErrorsOf } from "@/lib/errors";
import { intakeAnswersSchema, type IntakeFieldErrors } from "./schemas";

export type SubmitIntakeResult =
  | { ok: true; firstSubmission: boolean }
  | { ok: false; error: "invalid"; fieldErrors: IntakeFieldErrors }
  | { ok: false; error: "notFound" };

/**
 * Saves the patient's answers to their intake form, as reached through a valid link (the caller has
 * resolved the token: the form request, its clinic and its patient come from the link, never from the
 * page). The first save marks the form completed with its time; later saves keep that time and record
 * when the answers last changed. Bad input saves nothing.
 */
export async function submitIntakeAnswers(
  db: Db,
  params: {
    clinicId: string;
    patientId: string;
    formRequestId: string;
    input: Record<string, unknown>;
    now: Date;
    /** The clinic's zone: "today" for the date of birth is the clinic's today. */
    timeZone: string;
  },
): Promise<SubmitIntakeResult> {
  const parsed = intakeAnswersSchema({ now: params.now, timeZone: params.timeZone }).safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrorsOf(parsed.error) as IntakeFieldErrors };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: formRequests.id, submittedAt: formRequests.submittedAt, answers: formRequests.answers })
      .from(formRequests)
      .where(
        and(
          eq(formRequests.id, params.formRequestId),
          eq(formRequests.clinicId, params.clinicId),
          eq(formRequests.patientId, params.patientId),
        ),
      )
      .for("update")
      .limit(1);
    if (!current) return { ok: false, error: "notFound" } as const;
    await tx
      .update(formRequests)
      .set({
        answers: parsed.data,
        status: "completed",
        submittedAt: current.submittedAt ?? params.now,
        answersUpdatedAt: params.now,
      })
      .where(and(eq(formRequests.id, current.id), eq(formRequests.clinicId, params.clinicId)));
    // The date of birth also goes on the patient (campaign segments by age).
    await tx
      .update(patients)
      .set({ birthDate: parsed.data.dateOfBirth })
      .where(and(eq(patients.id, params.patientId), eq(patients.clinicId, params.clinicId)));
    // The optional, unticked "I want to receive health campaigns": ticked, it records marketing consent on
    // every channel (source intake_form, the current privacy notice). Unticked changes nothing: it is no answer.
    const wantsCampaigns = ["on", "true"].includes(String(params.input.marketingConsent ?? ""));
    if (wantsCampaigns) {
      for (const channel of channels) {
        await setMarketingConsent(tx, {
          clinicId: params.clinicId,
          patientId: params.patientId,
          channel,
          granted: true,
          source: "intake_form",
          actorUserId: null,
          now: params.now,
        });
      }
    }
    // The patient acted, through the link: no staff actor. Field names only, never the answers.
    const before = (current.answers ?? {}) as Record<string, unknown>;
    const changed = Object.entries(parsed.data)
      .filter(([field, value]) => before[field] !== value)
      .map(([field]) => field);
    await recordAudit(tx, {
      clinicId: params.clinicId,
      actorUserId: null,
      action: current.submittedAt ? "form_request.update" : "form_request.submit",
      entityType: "form_request",
      entityId: current.id,
      metadata: { by: "patient", fields: changed, ...(wantsCampaigns ? { marketingConsent: true } : {}) },
    });
    return { ok: true, firstSubmission: !current.submittedAt } as const;
  });
}

/** The patient opened the form: sent → opened, once (a completed form stays completed). */
export async function markFormOpened(db: Db, params: { clinicId: string; formRequestId: string; now: Date }) {
  await db
    .update(formRequests)
    .set({ status: "opened", openedAt: params.now })
    .where(and(eq(formRequests.id, params.formRequestId), eq(formRequests.clinicId, params.clinicId), eq(formRequests.status, "sent")));
}

/** What the form page prefills: the answers saved so far, as form values. */
export async function getFormForPatient(db: Db, params: { clinicId: string; patientId: string; formRequestId: string }) {
  const [row] = await db
    .select({ id: formRequests.id, status: formRequests.status, answers: formRequests.answers, submittedAt: formRequests.submittedAt })
    .from(formRequests)
    .where(
      and(
        eq(formRequests.id, params.formRequestId),
        eq(formRequests.clinicId, params.clinicId),
        eq(formRequests.patientId, params.patientId),
      ),
    )
    .limit(1);
  return row ?? null;
}

export type SubmitByTokenResult = SubmitIntakeResult | { ok: false; error: "expired" };

/**
 * The patient's submit, from the link page: the token is checked again now (a link that expired or was
 * revoked since the page opened saves nothing, and so does a link of another purpose); the form, clinic
 * and patient come from the link, never from the page.
 */
export async function submitIntakeFormWithToken(
  db: Db,
  params: { token: string; input: Record<string, unknown>; now: Date },
): Promise<SubmitByTokenResult> {
  const resolved = await resolveSecureLink(db, params.token, params.now);
  if (resolved.status !== "ok" || resolved.link.purpose !== "form") return { ok: false, error: "expired" };
  return submitIntakeAnswers(db, {
    clinicId: resolved.clinic.id,
    patientId: resolved.patient.id,
    formRequestId: resolved.link.targetId,
    input: params.input,
    now: params.now,
    timeZone: resolved.clinic.timezone,
  });
}
