import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { waitlistSettings } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { fieldErrorsOf } from "@/lib/errors";
import { waitlistSettingsInputSchema } from "./schemas";

export interface WaitlistSettings {
  /** Offer a freed slot at once (else staff press "offer"). */
  autoOffer: boolean;
  /** Patients offered a slot at a time. */
  waveSize: number;
  /** How long each wave holds the slot for them. */
  holdMinutes: number;
  /** A slot starting sooner than this is not worth offering. */
  minLeadMinutes: number;
  /** Accepting an earlier slot moves the patient's later visit with that doctor (default) rather than adding one. */
  acceptMovesLaterVisit: boolean;
}

export const DEFAULT_WAITLIST_SETTINGS: WaitlistSettings = {
  autoOffer: true,
  waveSize: 3,
  holdMinutes: 15,
  minLeadMinutes: 120,
  acceptMovesLaterVisit: true,
};

/** The clinic's waitlist rules (the defaults until an admin saves them). */
export async function getWaitlistSettings(db: Db, params: { clinicId: string }): Promise<WaitlistSettings> {
  const [row] = await db.select().from(waitlistSettings).where(eq(waitlistSettings.clinicId, params.clinicId)).limit(1);
  if (!row) return DEFAULT_WAITLIST_SETTINGS;
  return {
    autoOffer: row.autoOffer,
    waveSize: row.waveSize,
    holdMinutes: row.holdMinutes,
    minLeadMinutes: row.minLeadMinutes,
    acceptMovesLaterVisit: row.acceptMovesLaterVisit,
  };
}

export type SaveWaitlistSettingsResult =
  | { ok: true; settings: WaitlistSettings }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, string> };

/** Saves the clinic's waitlist rules (admins: settings:write). Audited as `settings.waitlist`; bad input saves nothing. */
export async function saveWaitlistSettings(
  db: Db,
  ctx: StaffContext,
  params: { input: Record<string, unknown>; now?: Date },
): Promise<SaveWaitlistSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = waitlistSettingsInputSchema.safeParse(params.input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const now = params.now ?? new Date();
  const settings = parsed.data;
  await db.transaction(async (tx) => {
    await tx
      .insert(waitlistSettings)
      .values({ clinicId: ctx.clinicId, ...settings, updatedAt: now })
      .onConflictDoUpdate({ target: waitlistSettings.clinicId, set: { ...settings, updatedAt: now } });
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "settings.waitlist",
      entityType: "clinic",
      entityId: ctx.clinicId,
      metadata: { ...settings },
    });
  });
  return { ok: true, settings };
}
