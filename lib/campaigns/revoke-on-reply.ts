import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, type Channel } from "@/db/schema";
import { setMarketingConsent } from "./consent";

/**
 * A patient's BAJA/STOP: when the last message Luna sent them on that channel was a campaign's, it
 * answers the campaign — marketing consent on that channel is revoked (source "patient_reply") and the
 * transactional opt-out is left alone, so reminders keep flowing. Returns whether it was such a reply.
 */
export async function revokeMarketingOnCampaignStop(
  db: Db,
  params: { clinicId: string; patientId: string; channel: Channel; now: Date },
): Promise<boolean> {
  const [last] = await db
    .select({ subjectType: deliveries.subjectType })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.clinicId, params.clinicId),
        eq(deliveries.patientId, params.patientId),
        eq(deliveries.channel, params.channel),
        isNotNull(deliveries.lastAttemptAt),
      ),
    )
    .orderBy(desc(deliveries.lastAttemptAt))
    .limit(1);
  if (last?.subjectType !== "campaign_recipient") return false;
  await setMarketingConsent(db, {
    clinicId: params.clinicId,
    patientId: params.patientId,
    channel: params.channel,
    granted: false,
    source: "patient_reply",
    actorUserId: null,
    now: params.now,
  });
  return true;
}
