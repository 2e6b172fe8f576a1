import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinicMessaging, type ClinicMessaging } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { sqlStateOf } from "@/lib/errors";
import { listTemplates } from "@/lib/notifications/templates/catalog";
import { normalizePhone } from "@/lib/patients/phone";
import { messagingSettingsSchema, type MessagingFieldError } from "./schemas";
import { decryptSecret, encryptSecret, SecretUnreadableError, secretsKey } from "./secrets";

/** What the settings page may show: never the token, only whether it is set and its last four characters. */
export interface MessagingSettingsView {
  mode: "shared" | "own";
  accountSid: string | null;
  authTokenLast4: string | null;
  messagingServiceSid: string | null;
  whatsappFrom: string | null;
  smsFrom: string | null;
  contentSids: Record<string, string>;
  updatedAt: Date | null;
}

export async function getMessagingSettings(db: Db, params: { clinicId: string }): Promise<MessagingSettingsView> {
  const [row] = await db.select().from(clinicMessaging).where(eq(clinicMessaging.clinicId, params.clinicId)).limit(1);
  return {
    mode: row?.mode ?? "shared",
    accountSid: row?.accountSid ?? null,
    authTokenLast4: row?.authTokenEncrypted ? (row.authTokenLast4 ?? null) : null,
    messagingServiceSid: row?.messagingServiceSid ?? null,
    whatsappFrom: row?.whatsappFrom ?? null,
    smsFrom: row?.smsFrom ?? null,
    contentSids: row?.contentSids ?? {},
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The template keys a clinic with its own sender has no approved Content SID for (catalog order). */
export function missingTemplateKeys(contentSids: Record<string, string>): string[] {
  return listTemplates()
    .map((t) => t.key)
    .filter((key) => !contentSids[key]);
}

/** A clinic's own sender, token decrypted, for dispatch and webhooks (server only). Null: Luna's shared sender. */
export interface OwnSender {
  clinicId: string;
  accountSid: string;
  authToken: string;
  messagingServiceSid: string | undefined;
  whatsappFrom: string | undefined;
  smsFrom: string | undefined;
  contentSids: Record<string, string>;
  /** Changes whenever the settings are saved (cache key of the SDK client built from them). */
  version: string;
}

export function ownSenderOf(row: ClinicMessaging | undefined): OwnSender | null {
  if (!row || row.mode !== "own" || !row.accountSid || !row.authTokenEncrypted) return null;
  return {
    clinicId: row.clinicId,
    accountSid: row.accountSid,
    authToken: decryptSecret({ encrypted: row.authTokenEncrypted, clinicId: row.clinicId }),
    messagingServiceSid: row.messagingServiceSid ?? undefined,
    whatsappFrom: row.whatsappFrom ?? undefined,
    smsFrom: row.smsFrom ?? undefined,
    contentSids: row.contentSids,
    version: `${row.updatedAt.getTime()}`,
  };
}

export async function loadOwnSender(db: Db, params: { clinicId: string }): Promise<OwnSender | null> {
  const [row] = await db.select().from(clinicMessaging).where(eq(clinicMessaging.clinicId, params.clinicId)).limit(1);
  return ownSenderOf(row);
}

/**
 * Which clinic's own sender a Twilio webhook is for: every own-mode clinic on the posted AccountSid,
 * narrowed by the number written to (`To`) or the Messaging Service when several share the account. The
 * one clinic-less lookup of this module (a webhook knows only Twilio's ids). Returns `unknown` when the
 * account is nobody's (Luna's shared sender, or a stranger), `ambiguous` when it cannot be told apart.
 */
export async function unsafeFindOwnSenderForWebhook(
  db: Db,
  params: { accountSid: string | undefined; to: string | undefined; messagingServiceSid: string | undefined },
): Promise<{ kind: "own"; sender: OwnSender } | { kind: "unknown" } | { kind: "ambiguous" } | { kind: "unreadable"; clinicId: string }> {
  if (!params.accountSid) return { kind: "unknown" };
  const rows = await db
    .select()
    .from(clinicMessaging)
    .where(and(eq(clinicMessaging.mode, "own"), eq(clinicMessaging.accountSid, params.accountSid)));
  if (rows.length === 0) return { kind: "unknown" };
  let candidates = rows;
  if (rows.length > 1) {
    const to = params.to ? normalizePhone(params.to) : null;
    candidates = rows.filter(
      (r) =>
        (params.messagingServiceSid && r.messagingServiceSid === params.messagingServiceSid) ||
        (to && (r.whatsappFrom === to || r.smsFrom === to)),
    );
  }
  if (candidates.length !== 1) return { kind: "ambiguous" };
  let sender: OwnSender | null;
  try {
    sender = ownSenderOf(candidates[0]);
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    // The stored token does not decrypt (LUNA_SECRETS_KEY changed): nothing can be verified for this clinic.
    return { kind: "unreadable", clinicId: candidates[0].clinicId };
  }
  return sender ? { kind: "own", sender } : { kind: "unknown" };
}

/** Whose credentials verified a Twilio webhook: a clinic's own sender, or Luna's shared one (the environment's). */
export type TwilioWebhookSender = { kind: "own"; clinicId: string } | { kind: "shared" };

/** Clinics whose messages leave from their own sender (a reply to Luna's shared number is never theirs). */
export async function unsafeListOwnSenderClinicIds(db: Db): Promise<string[]> {
  const rows = await db.select({ clinicId: clinicMessaging.clinicId }).from(clinicMessaging).where(eq(clinicMessaging.mode, "own"));
  return rows.map((r) => r.clinicId);
}

export type UpdateMessagingSettingsResult =
  | { ok: true }
  | { ok: false; error: "forbidden" | "secretsKeyMissing" }
  | { ok: false; error: "invalid"; fieldErrors: Record<string, MessagingFieldError> };

const fieldOf = (path: PropertyKey[]) => (path[0] === "contentSids" ? `sid:${String(path[1])}` : String(path[0] ?? "mode"));

/**
 * Settings → WhatsApp and SMS (admins). "shared": Luna's sender (what the clinic had typed is kept, unused).
 * "own": the account SID, the auth token (required the first time; blank keeps the stored one; stored
 * encrypted), a Messaging Service or From numbers, and Content SIDs per template key of the catalog. Bad
 * input (a SID of the wrong shape, a number that is not one, a sender another clinic has): field errors,
 * nothing written. Audited with the names of what changed, never a value.
 */
export async function updateMessagingSettings(
  db: Db,
  ctx: StaffContext,
  params: { input: unknown; now?: Date },
): Promise<UpdateMessagingSettingsResult> {
  if (!can(ctx.role, "settings:write")) return { ok: false, error: "forbidden" };
  const parsed = messagingSettingsSchema.safeParse(params.input);
  if (!parsed.success) {
    const fieldErrors: Record<string, MessagingFieldError> = {};
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      fieldErrors[field] ??= (issue.message as MessagingFieldError) ?? "accountSid";
    }
    return { ok: false, error: "invalid", fieldErrors };
  }
  const now = params.now ?? new Date();
  const [existing] = await db.select().from(clinicMessaging).where(eq(clinicMessaging.clinicId, ctx.clinicId)).limit(1);
  const input = parsed.data;

  if (input.mode === "shared") {
    await db.transaction(async (tx) => {
      await tx
        .insert(clinicMessaging)
        .values({ clinicId: ctx.clinicId, mode: "shared", updatedAt: now })
        .onConflictDoUpdate({ target: clinicMessaging.clinicId, set: { mode: "shared", updatedAt: now } });
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "messaging_settings.update",
        entityType: "clinic",
        entityId: ctx.clinicId,
        metadata: { mode: "shared", previousMode: existing?.mode ?? "shared" },
      });
    });
    return { ok: true };
  }

  const fieldErrors: Record<string, MessagingFieldError> = {};
  if (!input.authToken && !existing?.authTokenEncrypted) fieldErrors.authToken = "authTokenRequired";
  // A new account SID needs its own token: the stored one belongs to the previous account.
  if (!input.authToken && existing?.authTokenEncrypted && existing.accountSid !== input.accountSid)
    fieldErrors.authToken = "authTokenRequired";
  if (!input.messagingServiceSid && !input.whatsappFrom && !input.smsFrom) fieldErrors.messagingServiceSid = "senderRequired";
  const known = new Set(listTemplates().map((t) => t.key));
  const contentSids: Record<string, string> = {};
  for (const [key, sid] of Object.entries(input.contentSids)) {
    if (!known.has(key)) fieldErrors[`sid:${key}`] = "unknownTemplate";
    else if (sid) contentSids[key] = sid;
  }
  // Another clinic's sender: replies to it would be routed to that clinic (unique indexes say so too).
  const taken = await db
    .select({
      clinicId: clinicMessaging.clinicId,
      ms: clinicMessaging.messagingServiceSid,
      wa: clinicMessaging.whatsappFrom,
      sms: clinicMessaging.smsFrom,
    })
    .from(clinicMessaging)
    .where(
      or(
        input.messagingServiceSid ? eq(clinicMessaging.messagingServiceSid, input.messagingServiceSid) : undefined,
        input.whatsappFrom ? eq(clinicMessaging.whatsappFrom, input.whatsappFrom) : undefined,
        input.smsFrom ? eq(clinicMessaging.smsFrom, input.smsFrom) : undefined,
      ) ?? eq(clinicMessaging.clinicId, ctx.clinicId),
    );
  for (const row of taken.filter((r) => r.clinicId !== ctx.clinicId)) {
    if (input.messagingServiceSid && row.ms === input.messagingServiceSid) fieldErrors.messagingServiceSid = "senderTaken";
    if (input.whatsappFrom && row.wa === input.whatsappFrom) fieldErrors.whatsappFrom = "senderTaken";
    if (input.smsFrom && row.sms === input.smsFrom) fieldErrors.smsFrom = "senderTaken";
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, error: "invalid", fieldErrors };

  if (input.authToken) {
    try {
      secretsKey();
    } catch {
      // Production without LUNA_SECRETS_KEY: the token cannot be stored safely, so nothing is.
      return { ok: false, error: "secretsKeyMissing" };
    }
  }
  const token = input.authToken
    ? {
        authTokenEncrypted: encryptSecret({ plaintext: input.authToken, clinicId: ctx.clinicId }),
        authTokenLast4: input.authToken.slice(-4),
      }
    : {};
  const values = {
    mode: "own" as const,
    accountSid: input.accountSid,
    ...token,
    messagingServiceSid: input.messagingServiceSid ?? null,
    whatsappFrom: input.whatsappFrom ?? null,
    smsFrom: input.smsFrom ?? null,
    contentSids,
    updatedAt: now,
  };
  const changed = (["mode", "accountSid", "messagingServiceSid", "whatsappFrom", "smsFrom"] as const).filter(
    (field) => (existing?.[field] ?? null) !== (values[field] ?? null),
  );
  const before = existing?.contentSids ?? {};
  const templatesChanged = [...new Set([...Object.keys(before), ...Object.keys(contentSids)])].filter((k) => before[k] !== contentSids[k]);
  try {
    await db.transaction(async (tx) => {
      await tx
        .insert(clinicMessaging)
        .values({ clinicId: ctx.clinicId, ...values })
        .onConflictDoUpdate({ target: clinicMessaging.clinicId, set: values });
      await recordAudit(tx, {
        clinicId: ctx.clinicId,
        actorUserId: ctx.userId,
        action: "messaging_settings.update",
        entityType: "clinic",
        entityId: ctx.clinicId,
        metadata: { mode: "own", changed, authTokenChanged: Boolean(input.authToken), templatesChanged },
      });
    });
  } catch (error) {
    // Two clinics saving the same number at once: the unique index decides.
    if (sqlStateOf(error) === "23505") return { ok: false, error: "invalid", fieldErrors: { messagingServiceSid: "senderTaken" } };
    throw error;
  }
  return { ok: true };
}
