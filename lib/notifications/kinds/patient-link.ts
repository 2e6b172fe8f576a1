import { and, inArray } from "drizzle-orm";
import { z } from "zod";
import { secureLinks } from "@/db/schema";
import { doctorTitles } from "@/db/schema/enums";
import { doctorPhrase } from "@/lib/staff/doctor-name";
import { reachVerdict } from "../reach";
import { defineKind, plainTemplateKey, subjectMapKey } from "./types";

/** A patient link as its message reads it: whether it still opens. */
export interface PatientLinkSubject {
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * What a link message was planned with: the /l/<token> URL (the token is stored nowhere else, only its
 * hash), the days it lasts, and the doctor it names (prescription, care instructions), as they were when
 * the link was shared.
 */
export const patientLinkPayload = z.object({
  linkUrl: z.url({ protocol: /^https?$/ }),
  linkDays: z.number().int().positive(),
  doctorName: z.string().min(1).optional(),
  /** The named doctor's title (users.title), so the message says "la Dra. López". */
  doctorTitle: z.enum(doctorTitles).optional(),
});
export type PatientLinkPayload = z.infer<typeof patientLinkPayload>;

/**
 * Messages that hand the patient a link (lab results, prescription, intake form, care instructions):
 * the subject is the link (`secure_link`), wanted while it is neither revoked nor expired.
 */
export const patientLinkKind = defineKind<PatientLinkSubject, PatientLinkPayload>({
  id: "patient_link",
  subjectType: "secure_link",
  payloadSchema: patientLinkPayload,
  missingSubjectReason: "link_missing",

  async loadSubjects(db, keys) {
    const subjects = new Map<string, PatientLinkSubject>();
    if (keys.length === 0) return subjects;
    const rows = await db
      .select({
        id: secureLinks.id,
        clinicId: secureLinks.clinicId,
        patientId: secureLinks.patientId,
        revokedAt: secureLinks.revokedAt,
        expiresAt: secureLinks.expiresAt,
      })
      .from(secureLinks)
      .where(
        and(
          inArray(secureLinks.id, [...new Set(keys.map((k) => k.subjectId))]),
          inArray(secureLinks.clinicId, [...new Set(keys.map((k) => k.clinicId))]),
        ),
      );
    // A link belongs to one patient of one clinic: it is the subject only of that patient's messages.
    const recipientOf = new Map(keys.map((k) => [subjectMapKey(k), k.patientId]));
    for (const row of rows) {
      const key = subjectMapKey({ clinicId: row.clinicId, subjectId: row.id });
      if (recipientOf.get(key) === row.patientId) subjects.set(key, { revokedAt: row.revokedAt, expiresAt: row.expiresAt });
    }
    return subjects;
  },

  decide({ delivery, subject, patient, settings, now }) {
    // A link revoked or expired before the message went out: the message would only lead to "expired".
    if (subject.revokedAt) return { send: false, status: "cancelled", reason: "link_revoked" };
    if (subject.expiresAt.getTime() <= now.getTime()) return { send: false, status: "cancelled", reason: "link_expired" };
    return reachVerdict({ type: delivery.notificationType, channel: delivery.channel, patient, settings, now });
  },

  // Worth sending until the link expires.
  deadline: ({ subject }) => subject.expiresAt,
  urgent: () => false,
  fallsBack: true,
  templateVariants: ["in_person"],
  templateKey: plainTemplateKey,

  templateValues({ payload, patient, clinic, locale, now }) {
    return {
      variant: "in_person",
      vars: {
        firstName: patient.firstName,
        // "el Dr. García" / "la Dra. López" (es), "Dr. López" (en); the clinic when no doctor is named.
        doctorName: payload.doctorName ? doctorPhrase({ name: payload.doctorName, title: payload.doctorTitle }, locale) : clinic.name,
        clinicName: clinic.name,
        startsAt: now,
        timeZone: clinic.timezone,
        now,
        linkUrl: payload.linkUrl,
        linkDays: payload.linkDays,
      },
    };
  },

  // A forecast is made when the link was just created: it is live.
  forecastSubject: ({ at }) => ({ revokedAt: null, expiresAt: new Date(at.getTime() + 86_400_000) }),
});
