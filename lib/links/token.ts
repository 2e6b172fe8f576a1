import { createHash, randomBytes } from "node:crypto";

/** Bytes of randomness in a link token: 128 bits (22 base64url characters, short enough for WhatsApp). */
export const LINK_TOKEN_BYTES = 16;
/** The shape of a token as issued; anything else is answered "not found" without a database lookup. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh patient-link token from the OS CSPRNG, URL-safe (base64url, no padding). */
export function generateLinkToken(): string {
  return randomBytes(LINK_TOKEN_BYTES).toString("base64url");
}

/** What the database keeps instead of the token: its SHA-256, hex. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function isWellFormedLinkToken(token: string): boolean {
  return LINK_TOKEN_PATTERN.test(token);
}
