import { z } from "zod";

/**
 * The one environment schema. Every adapter reads its own keys from here; absent keys select the
 * embedded default (PGlite, outbox transport, files on disk, in-process scheduler).
 */
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(z.string().url()),
  PGLITE_DIR: z.string().default(".data/pglite"),
  AUTH_SECRET: optional(z.string().min(16)),
  PUBLIC_BASE_URL: optional(z.string().url()),
  /**
   * Proxies of yours in front of Luna that append to X-Forwarded-For (0, the default: none, the TCP
   * peer is the client). See lib/security/client-address.ts and the README.
   */
  TRUSTED_PROXY_HOPS: optional(z.coerce.number().int().min(0).max(10)),
  /** A header your platform sets to the client's address, e.g. x-vercel-forwarded-for (wins over the hops). */
  CLIENT_ADDRESS_HEADER: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .transform((v) => v.toLowerCase()),
  ),
  /** Seed the demo clinics into an empty database on start (default: on, except in production). */
  SEED_DEMO: optional(z.enum(["0", "1"])),
  /** "1": a production start without Twilio/Resend keys is allowed (messages are simulated; staff pages say so). */
  LUNA_ALLOW_SIMULATED: optional(z.enum(["0", "1"])),
  /** "0": the demo clinics are seeded with quiet hours off (browser tests run at any hour). */
  SEED_QUIET_HOURS: optional(z.enum(["0", "1"])),
  /**
   * 32 bytes (base64 or 64 hex digits) that encrypt secrets clinics enter (a Twilio subaccount's auth
   * token; lib/messaging/secrets.ts). Required in production; development derives one from AUTH_SECRET.
   */
  LUNA_SECRETS_KEY: optional(z.string().min(32)),
  TWILIO_ACCOUNT_SID: optional(z.string().startsWith("AC")),
  TWILIO_AUTH_TOKEN: optional(z.string()),
  /** A Messaging Service (MG…) whose sender pool has the WhatsApp and SMS senders; or the two From numbers below. */
  TWILIO_MESSAGING_SERVICE_SID: optional(z.string().startsWith("MG")),
  TWILIO_WHATSAPP_FROM: optional(z.string()),
  TWILIO_SMS_FROM: optional(z.string()),
  /** JSON object: template key (e.g. "reminder.in_person.es") → approved Content SID (HX…). */
  TWILIO_CONTENT_SIDS: optional(z.string()),
  RESEND_API_KEY: optional(z.string()),
  /** Sender for email, e.g. "Clínica Luna <avisos@luna.example.mx>". */
  RESEND_FROM: optional(z.string()),
  /** Signing secret of the Resend webhook ("whsec_…"); without it /api/webhooks/resend answers 503. */
  RESEND_WEBHOOK_SECRET: optional(z.string()),
  /** Patient files go to this S3 bucket; without it, to the local folder BLOBS_DIR. */
  S3_BUCKET: optional(z.string()),
  /** Default us-east-1. */
  S3_REGION: optional(z.string()),
  /** An S3-compatible server (MinIO, Cloudflare R2 …): path-style addressing unless S3_FORCE_PATH_STYLE=0. */
  S3_ENDPOINT: optional(z.string().url()),
  S3_FORCE_PATH_STYLE: optional(z.enum(["0", "1"])),
  /** Optional: without them the AWS SDK's default chain (AWS_ACCESS_KEY_ID …, instance roles) is used. */
  S3_ACCESS_KEY_ID: optional(z.string()),
  S3_SECRET_ACCESS_KEY: optional(z.string()),
  /** Server-side encryption of every object: AES256 (default) or aws:kms (+ S3_KMS_KEY_ID). */
  S3_SSE: optional(z.enum(["AES256", "aws:kms"])),
  S3_KMS_KEY_ID: optional(z.string()),
  /** Folder of the embedded file store (default .data/blobs). */
  BLOBS_DIR: optional(z.string()),
  /** Luna's Stripe platform key (sk_… or a restricted rk_…); payments run on each clinic's connected account. Without it: the simulated checkout. */
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, "must start with sk_ or rk_")),
  /** Signing secret of the Connect webhook endpoint /api/webhooks/stripe ("whsec_…"); without it that route answers 503. */
  STRIPE_WEBHOOK_SECRET: optional(z.string().startsWith("whsec_")),
  INNGEST_EVENT_KEY: optional(z.string()),
  INNGEST_SIGNING_KEY: optional(z.string()),
  /** Days WhatsApp is skipped for a number Twilio said is not on WhatsApp (63003/63024) before trying again. */
  WHATSAPP_RETRY_AFTER_DAYS: optional(z.coerce.number().int().min(1).max(365)),
  /** Minutes a time-critical WhatsApp message (the 1 h reminder) may stay undelivered before its fallback. */
  TIME_CRITICAL_FALLBACK_MINUTES: optional(z.coerce.number().int().min(1).max(55)),
  /**
   * Seconds a reschedule notice waits so that quick successive edits send one notice (default 120).
   * The browser tests shorten it; a clinic has no reason to.
   */
  RESCHEDULE_COALESCE_SECONDS: optional(z.coerce.number().int().min(1).max(3600)),
  /** "1" for the local Inngest dev server (`npx inngest-cli@latest dev`), or its URL. */
  INNGEST_DEV: optional(z.string()),
  /** How long a dispatcher's claim on a row lasts without renewal (a dead worker's rows are recovered after it). */
  DISPATCH_LEASE_MS: optional(z.coerce.number().int().min(1_000).max(3_600_000)),
  /** Upper bound of one provider call (Twilio, Resend); a call that takes longer is ambiguous and asked about. */
  PROVIDER_TIMEOUT_MS: optional(z.coerce.number().int().min(500).max(120_000)),
  /** JSON: channel or sender key → messages per second (lib/notifications/engine/pacing.ts). */
  SEND_RATE_LIMITS: optional(z.string()),
  /**
   * Patient-link requests (/l/*) one client address may make per 10 minutes (default 40). Raise it when many
   * patients share one public address, e.g. a clinic's waiting-room Wi-Fi behind one NAT.
   */
  PATIENT_LINK_REQUESTS_PER_10_MIN: optional(z.coerce.number().int().min(5).max(100_000)),
  /** Embedded driver: deliveries in flight at once (default 16). */
  DISPATCH_CONCURRENCY: optional(z.coerce.number().int().min(1).max(256)),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** Which implementation of each part is active; reported by /api/health. */
export function activeParts(env: Env = getEnv()) {
  return {
    db: env.DATABASE_URL ? ("postgres" as const) : ("pglite" as const),
    messaging: env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? ("twilio" as const) : ("outbox" as const),
    email: env.RESEND_API_KEY ? ("resend" as const) : ("outbox" as const),
    storage: env.S3_BUCKET ? ("s3" as const) : ("filesystem" as const),
    payments: env.STRIPE_SECRET_KEY ? ("stripe" as const) : ("simulated" as const),
    scheduler:
      env.INNGEST_EVENT_KEY || (env.INNGEST_DEV && !["0", "false"].includes(env.INNGEST_DEV))
        ? ("inngest" as const)
        : ("embedded" as const),
  };
}
