import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type Locale } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { sendStaffEmail, StaffMailError, type StaffMailTransport } from "@/lib/staff-mail/send";
import { getCampaign } from "./campaigns";
import { previewCampaign } from "./preview";

export type SendCampaignTestResult = { ok: true; to: string } | { ok: false; error: "forbidden" | "notFound" | "sendFailed" };

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * "Send me a test": the campaign's message, in both languages as a patient would read it (a sample first
 * name), emailed to the acting staff member's own address through staff mail. No recipient row and no
 * delivery are written, so a test never counts in the campaign's progress or results. Audited.
 */
export async function sendCampaignTest(
  db: Db,
  ctx: StaffContext,
  params: { campaignId: string; subjectPrefix: string; locale: Locale; now?: Date; transport?: StaffMailTransport },
): Promise<SendCampaignTestResult> {
  if (!can(ctx.role, "campaigns:write")) return { ok: false, error: "forbidden" };
  const now = params.now ?? new Date();
  const campaign = await getCampaign(db, { clinicId: ctx.clinicId, campaignId: params.campaignId });
  if (!campaign) return { ok: false, error: "notFound" };
  const [me] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.id, ctx.userId), eq(users.clinicId, ctx.clinicId)))
    .limit(1);
  if (!me) return { ok: false, error: "notFound" };
  const preview = await previewCampaign({ templateType: campaign.templateType, bookingUrl: campaign.bookingUrl ?? "", clinic: ctx.clinic });
  if (!preview) return { ok: false, error: "notFound" };
  // The staff member's language first.
  const order: Locale[] = params.locale === "en" ? ["en", "es"] : ["es", "en"];
  const text = order.map((l) => `[${l}]\n${preview[l]}`).join("\n\n");
  const html = order.map((l) => `<p><strong>[${l}]</strong><br>${escapeHtml(preview[l]).replace(/\n/g, "<br>")}</p>`).join("");
  try {
    await sendStaffEmail(
      db,
      {
        clinicId: ctx.clinicId,
        kind: "campaign_test",
        to: me.email.toLowerCase(),
        subject: `${params.subjectPrefix} ${campaign.name}`,
        text,
        html,
        idempotencyKey: `campaign-test:${campaign.id}:${ctx.userId}:${Math.floor(now.getTime() / 60_000)}`,
      },
      params.transport,
    );
  } catch (error) {
    if (error instanceof StaffMailError) return { ok: false, error: "sendFailed" };
    throw error;
  }
  await recordAudit(db, {
    clinicId: ctx.clinicId,
    actorUserId: ctx.userId,
    action: "campaign.send_test",
    entityType: "campaign",
    entityId: campaign.id,
    metadata: {},
  });
  return { ok: true, to: me.email };
}
