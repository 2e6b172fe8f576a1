import { generateLinkToken, hashLinkToken, isWellFormedLinkToken } from "@/lib/links/token";

/**
 * Invitation and password-reset tokens are made like patient-link tokens (lib/links/token.ts): 128 bits
 * from the OS CSPRNG in base64url; only their SHA-256 is stored, and a token of the wrong shape is
 * answered "invalid" without a database lookup.
 */
export const generateStaffToken = generateLinkToken;
export const hashStaffToken = hashLinkToken;
export const isWellFormedStaffToken = isWellFormedLinkToken;
