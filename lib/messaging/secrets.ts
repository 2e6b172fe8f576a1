import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { getEnv, type Env } from "@/lib/env";

/** Format version of what `encryptSecret` returns: "v1:" + base64url(iv 12 | tag 16 | ciphertext). */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key that encrypts secrets clinics enter: LUNA_SECRETS_KEY (32 bytes as base64/base64url or 64 hex
 * digits). Outside production, without it, one is derived from AUTH_SECRET (or a fixed embedded-mode
 * phrase) so that `npm run dev` needs no configuration; production refuses to run without it.
 */
export function secretsKey(env: Env = getEnv()): Buffer {
  const raw = env.LUNA_SECRETS_KEY;
  if (raw) {
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
    if (key.length !== 32) throw new Error("Invalid environment: LUNA_SECRETS_KEY must be 32 bytes (base64) or 64 hex digits");
    return key;
  }
  if (env.NODE_ENV === "production") {
    throw new Error("LUNA_SECRETS_KEY is required in production to store clinics' secrets (generate one with `openssl rand -base64 32`).");
  }
  return createHash("sha256")
    .update(`luna-dev-secrets-key:${env.AUTH_SECRET ?? "embedded"}`)
    .digest();
}

/** AES-256-GCM with a random IV; the clinic id is bound as associated data (a row copied to another clinic does not decrypt). */
export function encryptSecret(params: { plaintext: string; clinicId: string; key?: Buffer }): string {
  const key = params.key ?? secretsKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(params.clinicId));
  const ciphertext = Buffer.concat([cipher.update(params.plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

/** A stored secret that does not decrypt (tampered with, another clinic's, or another key's). */
export class SecretUnreadableError extends Error {
  constructor() {
    super("stored secret does not decrypt");
    this.name = "SecretUnreadableError";
  }
}

/** Throws SecretUnreadableError when the value was tampered with, encrypted for another clinic or under another key. */
export function decryptSecret(params: { encrypted: string; clinicId: string; key?: Buffer }): string {
  const key = params.key ?? secretsKey();
  const [version, body] = params.encrypted.split(":");
  if (version !== VERSION || !body) throw new SecretUnreadableError();
  try {
    const bytes = Buffer.from(body, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(params.clinicId));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError();
  }
}
