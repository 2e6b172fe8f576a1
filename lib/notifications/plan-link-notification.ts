import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { DoctorTitle } from "@/db/schema/enums";
import { patients, type Channel } from "@/db/schema";
import { channelUsable } from "./fallback";
import { insertPlannedDeliveries, toScheduledDelivery, type ScheduledDelivery } from "./insert-deliveries";
import { patientLinkKind } from "./kinds/patient-link";
import { FALLBACK_ORDER, kindOf, templateKey, type NotificationType } from "./registry";
import { getNotificationSettings } from "./settings";

/** The idempotency key of a link message: one per link, type and channel (fallbacks append to it). */
export function linkNotificationKey(params: { linkId: string; type: NotificationType; channel: Channel }) {
  return `link:${params.linkId}:${params.type}:${params.channel}`;
}

export type PlanLinkNotificationResult =
  | { planned: ScheduledDelivery[]; channel: Channel }
  /** No channel the clinic allows for this type can reach the patient (opted out, no email …). */
  | { planned: []; channel: null };

/**
 * Plans the message that hands a patient a link (types of `patientLinkKind`, e.g. lab_result_ready), due now,
 * in the same transaction that created the link. One message, on the first channel of WhatsApp → SMS →
 * email that the clinic allows for the type and that can reach the patient; the others are its fallbacks
 * (planFallback). The row's subject is the link; its payload carries the URL and lifetime, since the token
 * is stored nowhere else; dispatch cancels it if the link was revoked or expired before it went out.
 * Called by the `link.shared` listener (listeners.ts); the rows reach the driver after commit (runChange).
 */
export async function planLinkNotification(
  tx: Db,
  params: {
    clinicId: string;
    patientId: string;
    type: NotificationType;
    link: { id: string; url: string };
    linkDays: number;
    /** The doctor's display name, for the messages that name who wrote it (prescription, care instructions). */
    doctorName?: string;
    /** That doctor's title (users.title), when they have one. */
    doctorTitle?: DoctorTitle | null;
    now: Date;
  },
): Promise<PlanLinkNotificationResult> {
  const { type, now } = params;
  if (kindOf(type) !== patientLinkKind) throw new Error(`planLinkNotification: ${type} is not a link notification`);
  // What the message will be filled with, checked as dispatch will check it.
  const payload = patientLinkKind.payloadSchema.parse({
    linkUrl: params.link.url,
    linkDays: params.linkDays,
    ...(params.doctorName ? { doctorName: params.doctorName } : {}),
    ...(params.doctorName && params.doctorTitle ? { doctorTitle: params.doctorTitle } : {}),
  });
  const [patient] = await tx
    .select()
    .from(patients)
    .where(and(eq(patients.id, params.patientId), eq(patients.clinicId, params.clinicId)))
    .limit(1);
  if (!patient) throw new Error("planLinkNotification: patient not found in this clinic");
  const settings = await getNotificationSettings(tx, { clinicId: params.clinicId });
  const channel = FALLBACK_ORDER.find((c) => settings.channels[type][c] && channelUsable(patient, c, now).usable);
  if (!channel) return { planned: [], channel: null };
  const rows = await insertPlannedDeliveries(tx, {
    now,
    rows: [
      {
        clinicId: params.clinicId,
        patientId: params.patientId,
        subjectType: "secure_link",
        subjectId: params.link.id,
        appointmentId: null,
        appointmentVersion: null,
        notificationType: type,
        channel,
        locale: patient.preferredLocale,
        templateKey: templateKey(type, "in_person", patient.preferredLocale),
        payload,
        sendAt: now,
        idempotencyKey: linkNotificationKey({ linkId: params.link.id, type, channel }),
      },
    ],
  });
  return { planned: rows.map(toScheduledDelivery), channel };
}
