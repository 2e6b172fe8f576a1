import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { channels, type Channel } from "@/db/schema";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { publicBaseUrl } from "@/lib/links/public-url";

// Server-only (node:crypto, the app secret): read by the engine when it builds an email, never by a kind
// (kinds are imported by client code through the registry).

/** The path of the one-click unsubscribe endpoint (List-Unsubscribe, RFC 8058), below PUBLIC_BASE_URL. */
export const UNSUBSCRIBE_PATH = "/api/unsubscribe";

const subjectSchema = z.tuple([z.uuid(), z.uuid(), z.enum(channels)]);

function sign(payload: string, secret: string) {
  return createHmac("sha256", `campaign-unsubscribe:${secret}`).update(payload).digest("base64url").slice(0, 32);
}

/**
 * A token naming one patient's marketing consent on one channel, signed with the app secret: it only
 * withdraws that consent (nothing to read behind it), so it needs no row and never expires.
 */
export function unsubscribeToken(params: { clinicId: string; patientId: string; channel: Channel }, secret = resolveAuthSecret()): string {
  const payload = Buffer.from(`${params.clinicId}.${params.patientId}.${params.channel}`).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyUnsubscribeToken(
  token: unknown,
  secret = resolveAuthSecret(),
): { clinicId: string; patientId: string; channel: Channel } | null {
  if (typeof token !== "string" || token.length > 300) return null;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const parsed = subjectSchema.safeParse(Buffer.from(payload, "base64url").toString("utf8").split("."));
  if (!parsed.success) return null;
  const [clinicId, patientId, channel] = parsed.data;
  return { clinicId, patientId, channel };
}

/** The headers of a campaign email: one-click unsubscribe (Gmail and Yahoo require it for bulk mail). */
export function unsubscribeHeaders(params: { clinicId: string; patientId: string; channel: Channel }): Record<string, string> {
  const url = `${publicBaseUrl()}${UNSUBSCRIBE_PATH}/${unsubscribeToken(params)}`;
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
