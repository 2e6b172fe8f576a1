import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { appointments, charges, users, type Currency } from "@/db/schema";
import type { DoctorTitle } from "@/db/schema/enums";
import { collectedMinorSql } from "@/lib/payments/balances";
import { formatMoney } from "@/lib/payments/money";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { reachVerdict } from "../reach";
import { defineKind, plainTemplateKey, subjectMapKey } from "./types";

const DAY_MS = 86_400_000;

/**
 * A charge as its payment messages read it at send time: whether it still owes anything (its balance is
 * computed from the payments now, never taken from when the message was planned), the visit it is for, and
 * until when its payment link opens. Never its concept: no message may carry it.
 */
export interface ChargeSubject {
  status: "open" | "void";
  balanceMinor: number;
  currency: Currency;
  visitStartsAt: Date;
  doctorName: string;
  doctorTitle: DoctorTitle | null;
  /** The latest unrevoked payment link of the charge (null: none left). */
  linkExpiresAt: Date | null;
}

/** What a payment message was planned with: the /l/<token> URL (the token is stored nowhere else, only its hash). */
export const paymentRequestPayload = z.object({
  linkUrl: z.url({ protocol: /^https?$/ }),
  linkId: z.uuid(),
});
export type PaymentRequestPayload = z.infer<typeof paymentRequestPayload>;

/**
 * The payment request and its balance reminders: the subject is the charge (`charge`). Wanted while the
 * charge is open, still owes something and its link still opens; the amount in the text is the balance at
 * send time, so a reminder never says "you owe" after the patient paid.
 */
export const paymentRequestKind = defineKind<ChargeSubject, PaymentRequestPayload>({
  id: "payment_request",
  subjectType: "charge",
  payloadSchema: paymentRequestPayload,
  missingSubjectReason: "charge_missing",

  async loadSubjects(db, keys) {
    const subjects = new Map<string, ChargeSubject>();
    if (keys.length === 0) return subjects;
    const rows = await db
      .select({
        id: charges.id,
        clinicId: charges.clinicId,
        patientId: charges.patientId,
        status: charges.status,
        amountMinor: charges.amountMinor,
        currency: charges.currency,
        collectedMinor: collectedMinorSql,
        visitStartsAt: appointments.startsAt,
        doctorName: users.name,
        doctorTitle: users.title,
        linkExpiresAt: sql<Date | string | null>`(
          select max(l.expires_at) from secure_links l
          where l.clinic_id = "charges"."clinic_id" and l.purpose = 'payment'
            and l.target_id = "charges"."id" and l.revoked_at is null
        )`,
      })
      .from(charges)
      .innerJoin(appointments, and(eq(appointments.id, charges.appointmentId), eq(appointments.clinicId, charges.clinicId)))
      .innerJoin(users, eq(users.id, appointments.doctorId))
      .where(
        and(
          inArray(charges.id, [...new Set(keys.map((k) => k.subjectId))]),
          inArray(charges.clinicId, [...new Set(keys.map((k) => k.clinicId))]),
        ),
      );
    // A charge belongs to one patient of one clinic: it is the subject only of that patient's messages.
    const recipientOf = new Map(keys.map((k) => [subjectMapKey(k), k.patientId]));
    for (const row of rows) {
      const key = subjectMapKey({ clinicId: row.clinicId, subjectId: row.id });
      if (recipientOf.get(key) !== row.patientId) continue;
      subjects.set(key, {
        status: row.status,
        balanceMinor: row.status === "void" ? 0 : Math.max(0, row.amountMinor - Number(row.collectedMinor)),
        currency: row.currency,
        visitStartsAt: row.visitStartsAt,
        doctorName: row.doctorName,
        doctorTitle: row.doctorTitle,
        linkExpiresAt: row.linkExpiresAt === null ? null : new Date(row.linkExpiresAt),
      });
    }
    return subjects;
  },

  decide({ delivery, subject, patient, settings, now }) {
    // Paid, voided or settled since it was planned: nothing is owed, so nothing is said.
    if (subject.status === "void") return { send: false, status: "cancelled", reason: "charge_void" };
    if (subject.balanceMinor <= 0) return { send: false, status: "cancelled", reason: "charge_paid" };
    if (!subject.linkExpiresAt || subject.linkExpiresAt.getTime() <= now.getTime()) {
      return { send: false, status: "cancelled", reason: "link_expired" };
    }
    return reachVerdict({ type: delivery.notificationType, channel: delivery.channel, patient, settings, now });
  },

  // Worth sending while the payment link opens.
  deadline: ({ delivery, subject }) => subject.linkExpiresAt ?? delivery.sendAt,
  urgent: () => false,
  fallsBack: true,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ subject, payload, patient, clinic, locale, now }) {
    const msLeft = (subject.linkExpiresAt?.getTime() ?? now.getTime()) - now.getTime();
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        doctorName: doctorPhrase({ name: subject.doctorName, title: subject.doctorTitle }, locale),
        clinicName: clinic.name,
        // {{date}} is the visit's day on the clinic's calendar.
        startsAt: subject.visitStartsAt,
        timeZone: clinic.timezone,
        now,
        linkUrl: payload.linkUrl,
        linkDays: Math.max(1, Math.ceil(msLeft / DAY_MS)),
        amount: formatMoney({ amountMinor: subject.balanceMinor, currency: subject.currency, locale }),
      },
    };
  },

  // A forecast is made as the request is sent: the charge owes and its link is live.
  forecastSubject: ({ at }) => ({
    status: "open",
    balanceMinor: 1,
    currency: "MXN",
    visitStartsAt: at,
    doctorName: "-",
    doctorTitle: null,
    linkExpiresAt: new Date(at.getTime() + DAY_MS),
  }),
});
