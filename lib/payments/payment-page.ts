import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appointments, payments, users } from "@/db/schema";
import type { OpenLinkLike } from "./types";
import { getChargeWithBalance } from "./balances";
import { recordPaymentEvent } from "./history";

/**
 * Only what the patient's payment page shows: the amount still owed, the visit's date and doctor, and
 * the last settled or pending payment. Never the concept (staff-facing; it may name a test).
 */
export async function getPaymentPage(db: Db, params: { clinicId: string; patientId: string; chargeId: string }) {
  const charge = await getChargeWithBalance(db, { clinicId: params.clinicId, chargeId: params.chargeId });
  if (!charge || charge.patientId !== params.patientId) return null;
  const [visit] = await db
    .select({ startsAt: appointments.startsAt, doctorName: users.name })
    .from(appointments)
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(appointments.clinicId, params.clinicId), eq(appointments.id, charge.appointmentId)))
    .limit(1);
  const [latest] = await db
    .select({
      status: payments.status,
      amountMinor: payments.amountMinor,
      paidAt: payments.paidAt,
      method: payments.method,
      instructionsUrl: payments.pendingInstructionsUrl,
      reference: payments.pendingReference,
      clabe: payments.pendingClabe,
      instructionsExpireAt: payments.pendingExpiresAt,
    })
    .from(payments)
    .where(and(eq(payments.clinicId, params.clinicId), eq(payments.chargeId, charge.id), inArray(payments.status, ["paid", "pending"])))
    .orderBy(desc(payments.updatedAt))
    .limit(1);
  return {
    state: charge.state,
    currency: charge.currency,
    amountMinor: charge.amountMinor,
    balanceMinor: charge.balanceMinor,
    pendingMinor: charge.pendingMinor,
    visit: visit ?? null,
    latest: latest ?? null,
  };
}

/** The first open of a payment link goes into the charge's history (later opens only count on the link). */
export async function recordPaymentLinkOpened(db: Db, params: { open: OpenLinkLike; now: Date }) {
  const { link } = params.open;
  if (link.purpose !== "payment" || link.openCount > 0) return;
  await recordPaymentEvent(db, {
    clinicId: link.clinicId,
    chargeId: link.targetId,
    type: "link.opened",
    source: "patient",
    metadata: { linkId: link.id },
    now: params.now,
  });
}
