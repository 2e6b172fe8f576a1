import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { campaignRecipients, campaigns, marketingConsents, type CampaignStatus, type Channel } from "@/db/schema";
import { channelUsable } from "../reach";
import { defineKind, plainTemplateKey, subjectMapKey } from "./types";

/** A campaign message's recipient row as the engine reads it at send time. */
export interface CampaignRecipientSubject {
  campaignStatus: CampaignStatus;
  /** The channels the patient has marketing consent on now (re-read at send time). */
  consentedChannels: readonly Channel[];
}

/** What a campaign delivery was planned with: where to book (the campaign's link), if anywhere. */
export const campaignPayload = z.object({ bookingUrl: z.url({ protocol: /^https?$/ }).optional() });
export type CampaignPayload = z.infer<typeof campaignPayload>;

/** A campaign message is worth sending for a day after it was due (a paced campaign drains within it). */
export const CAMPAIGN_DEADLINE_MS = 24 * 3_600_000;

/**
 * Health campaigns (flu vaccination, check-up, recall, announcement): MARKETING messages. The subject is
 * the recipient row of the frozen audience (`campaign_recipient`); at send time the campaign must not be
 * cancelled and the patient must still have marketing consent on the delivery's channel and be reachable
 * there. Clinic settings are not read: consent is the patient's own switch, and the campaign the admin's.
 */
export const campaignKind = defineKind<CampaignRecipientSubject, CampaignPayload>({
  id: "campaign",
  subjectType: "campaign_recipient",
  payloadSchema: campaignPayload,
  missingSubjectReason: "campaign_recipient_missing",

  async loadSubjects(db, keys) {
    const subjects = new Map<string, CampaignRecipientSubject>();
    if (keys.length === 0) return subjects;
    const clinicIds = [...new Set(keys.map((k) => k.clinicId))];
    const rows = await db
      .select({
        id: campaignRecipients.id,
        clinicId: campaignRecipients.clinicId,
        patientId: campaignRecipients.patientId,
        status: campaigns.status,
      })
      .from(campaignRecipients)
      .innerJoin(campaigns, and(eq(campaigns.id, campaignRecipients.campaignId), eq(campaigns.clinicId, campaignRecipients.clinicId)))
      .where(
        and(inArray(campaignRecipients.id, [...new Set(keys.map((k) => k.subjectId))]), inArray(campaignRecipients.clinicId, clinicIds)),
      );
    const consents = await db
      .select({
        clinicId: marketingConsents.clinicId,
        patientId: marketingConsents.patientId,
        channel: marketingConsents.channel,
        grantedAt: marketingConsents.grantedAt,
      })
      .from(marketingConsents)
      .where(
        and(
          inArray(marketingConsents.patientId, [...new Set(keys.map((k) => k.patientId))]),
          inArray(marketingConsents.clinicId, clinicIds),
          eq(marketingConsents.purpose, "marketing"),
        ),
      );
    const consentedOf = new Map<string, Channel[]>();
    for (const c of consents) {
      if (!c.grantedAt) continue;
      const key = `${c.clinicId}/${c.patientId}`;
      consentedOf.set(key, [...(consentedOf.get(key) ?? []), c.channel]);
    }
    // A recipient row belongs to one patient of one clinic: it is the subject only of that patient's messages.
    const recipientOf = new Map(keys.map((k) => [subjectMapKey(k), k.patientId]));
    for (const row of rows) {
      const key = subjectMapKey({ clinicId: row.clinicId, subjectId: row.id });
      if (recipientOf.get(key) !== row.patientId) continue;
      subjects.set(key, { campaignStatus: row.status, consentedChannels: consentedOf.get(`${row.clinicId}/${row.patientId}`) ?? [] });
    }
    return subjects;
  },

  decide({ delivery, subject, patient, now }) {
    if (subject.campaignStatus === "cancelled") return { send: false, status: "cancelled", reason: "campaign_cancelled" };
    // Consent is re-checked here, at send time: a BAJA or an unsubscribe since launch stops the message.
    if (!subject.consentedChannels.includes(delivery.channel)) return { send: false, status: "skipped", reason: "no_marketing_consent" };
    const usable = channelUsable(patient, delivery.channel, now);
    if (!usable.usable) return { send: false, status: "skipped", reason: usable.reason };
    return { send: true };
  },

  deadline: ({ delivery }) => new Date(delivery.sendAt.getTime() + CAMPAIGN_DEADLINE_MS),
  // Marketing never goes out in quiet hours.
  urgent: () => false,
  // The next channel only where the patient consented to marketing there too (decide checks it).
  fallsBack: true,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ payload, patient, clinic, now }) {
    // First name, the clinic, where to book: nothing about why the patient is in the segment.
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        doctorName: clinic.name,
        clinicName: clinic.name,
        startsAt: now,
        timeZone: clinic.timezone,
        now,
        bookingPlace: payload.bookingUrl ?? clinic.name,
      },
    };
  },

  forecastSubject: () => null,
  // One-click unsubscribe (RFC 8058): withdraws marketing consent on email only.
  oneClickUnsubscribe: true,
});
