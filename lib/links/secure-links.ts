import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinics, patients, secureLinks, type Locale, type SecureLink } from "@/db/schema";
import type { StaffContext } from "@/lib/auth/context";
import { recordAudit } from "@/lib/audit/record-audit";
import { publicBaseUrl } from "./public-url";
import { generateLinkToken, hashLinkToken, isWellFormedLinkToken } from "./token";

export type SecureLinkPurpose = SecureLink["purpose"];

/** Days a patient link stays valid unless told otherwise. */
export const DEFAULT_LINK_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedSecureLink {
  id: string;
  purpose: SecureLinkPurpose;
  /** The only time the token exists outside the patient's message: it is not stored. */
  token: string;
  /** PUBLIC_BASE_URL + /l/<token>: what goes in the message. */
  url: string;
  expiresAt: Date;
}

/**
 * Creates a patient link (pass the transaction that creates what it opens). Only the token's SHA-256 is
 * stored. Also records the share in the audit log when `createdById` is a staff member.
 */
export async function createSecureLink(
  tx: Db,
  params: {
    clinicId: string;
    patientId: string;
    purpose: SecureLinkPurpose;
    targetId: string;
    createdById: string | null;
    ttlDays?: number;
    now?: Date;
  },
): Promise<CreatedSecureLink> {
  const now = params.now ?? new Date();
  const ttlDays = params.ttlDays ?? DEFAULT_LINK_TTL_DAYS;
  if (!(ttlDays > 0 && ttlDays <= 90)) throw new Error(`createSecureLink: ttlDays must be in (0, 90], got ${ttlDays}`);
  const token = generateLinkToken();
  const expiresAt = new Date(now.getTime() + ttlDays * DAY_MS);
  const [link] = await tx
    .insert(secureLinks)
    .values({
      clinicId: params.clinicId,
      patientId: params.patientId,
      tokenHash: hashLinkToken(token),
      purpose: params.purpose,
      targetId: params.targetId,
      expiresAt,
      createdById: params.createdById,
      createdAt: now,
    })
    .returning({ id: secureLinks.id });
  await recordAudit(tx, {
    clinicId: params.clinicId,
    actorUserId: params.createdById,
    action: "secure_link.share",
    entityType: "secure_link",
    entityId: link.id,
    metadata: { purpose: params.purpose, targetId: params.targetId, ttlDays },
  });
  return { id: link.id, purpose: params.purpose, token, url: linkUrl(token), expiresAt };
}

/** The patient-facing URL of a token. */
export function linkUrl(token: string) {
  return `${publicBaseUrl()}/l/${token}`;
}

/** What a link page may show about the clinic: its name and phone, nothing else. */
export interface LinkClinic {
  name: string;
  phone: string | null;
}

export type ResolvedSecureLink =
  | {
      status: "ok";
      link: SecureLink;
      clinic: LinkClinic & { id: string; timezone: string };
      /** Only what a link page may show: the first name and language. */
      patient: { id: string; firstName: string; locale: Locale };
    }
  | { status: "expired" | "revoked"; clinic: LinkClinic; locale: Locale }
  | { status: "not_found" };

/**
 * Looks a token up (by its hash). A malformed token is "not found" without a query. A link is valid while
 * `now < expiresAt` and it is not revoked; it may be opened any number of times in that window.
 */
export async function resolveSecureLink(db: Db, token: string, now: Date = new Date()): Promise<ResolvedSecureLink> {
  if (!isWellFormedLinkToken(token)) return { status: "not_found" };
  const [row] = await db
    .select({
      link: secureLinks,
      clinicId: clinics.id,
      clinicName: clinics.name,
      clinicPhone: clinics.phone,
      timezone: clinics.timezone,
      patientFirstName: patients.firstName,
      patientLocale: patients.preferredLocale,
    })
    .from(secureLinks)
    .innerJoin(clinics, eq(clinics.id, secureLinks.clinicId))
    .innerJoin(patients, and(eq(patients.id, secureLinks.patientId), eq(patients.clinicId, secureLinks.clinicId)))
    .where(eq(secureLinks.tokenHash, hashLinkToken(token)))
    .limit(1);
  if (!row) return { status: "not_found" };
  const clinic = { name: row.clinicName, phone: row.clinicPhone };
  if (row.link.revokedAt) return { status: "revoked", clinic, locale: row.patientLocale };
  if (now.getTime() >= row.link.expiresAt.getTime()) return { status: "expired", clinic, locale: row.patientLocale };
  return {
    status: "ok",
    link: row.link,
    clinic: { ...clinic, id: row.clinicId, timezone: row.timezone },
    patient: { id: row.link.patientId, firstName: row.patientFirstName, locale: row.patientLocale },
  };
}

/** Counts one open of a valid link (time and count; no IP or user agent is kept). */
export async function recordSecureLinkOpen(db: Db, params: { linkId: string; now?: Date }) {
  const now = params.now ?? new Date();
  await db
    .update(secureLinks)
    .set({ openCount: sql`${secureLinks.openCount} + 1`, lastOpenedAt: now })
    .where(eq(secureLinks.id, params.linkId));
}

export type RevokeResult = { ok: true; alreadyRevoked: boolean } | { ok: false; error: "notFound" };

/**
 * Revokes a link of the staff member's clinic (another clinic's link is "not found" and nothing
 * changes). Revoking twice keeps the first time. Audited.
 */
export async function revokeSecureLink(
  db: Db,
  ctx: Pick<StaffContext, "clinicId" | "userId">,
  linkId: string,
  now: Date = new Date(),
): Promise<RevokeResult> {
  if (!/^[0-9a-f-]{36}$/i.test(linkId)) return { ok: false, error: "notFound" };
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ id: secureLinks.id, revokedAt: secureLinks.revokedAt, purpose: secureLinks.purpose })
      .from(secureLinks)
      .where(and(eq(secureLinks.id, linkId), eq(secureLinks.clinicId, ctx.clinicId)))
      .limit(1);
    if (!link) return { ok: false as const, error: "notFound" as const };
    if (link.revokedAt) return { ok: true as const, alreadyRevoked: true };
    await tx
      .update(secureLinks)
      .set({ revokedAt: now })
      .where(and(eq(secureLinks.id, linkId), eq(secureLinks.clinicId, ctx.clinicId)));
    await recordAudit(tx, {
      clinicId: ctx.clinicId,
      actorUserId: ctx.userId,
      action: "secure_link.revoke",
      entityType: "secure_link",
      entityId: link.id,
      metadata: { purpose: link.purpose },
    });
    return { ok: true as const, alreadyRevoked: false };
  });
}

/** The state staff see for a link. */
export type LinkState = "active" | "opened" | "expired" | "revoked";

export function linkStateOf(link: Pick<SecureLink, "revokedAt" | "expiresAt" | "openCount">, now: Date): LinkState {
  if (link.revokedAt) return "revoked";
  if (now.getTime() >= link.expiresAt.getTime()) return "expired";
  return link.openCount > 0 ? "opened" : "active";
}
