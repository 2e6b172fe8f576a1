import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { clinicSignups, users, type Locale, type StaffEmail } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import { fieldErrorsOf } from "@/lib/errors";
import { publicBaseUrl } from "@/lib/links/public-url";
import { consumeRateLimit, type RateLimit } from "@/lib/security/rate-limiter";
import { sendStaffEmail, type StaffMailTransport } from "@/lib/staff-mail/send";
import { generateStaffToken, hashStaffToken } from "@/lib/team/tokens";
import { renderSignUpConfirmationEmail, renderSignUpExistingEmail } from "./render-sign-up-email";
import { signUpSchema, type SignUpField } from "./schemas";

/** A confirmation link works for this long, once. */
export const SIGN_UP_TTL_MS = 24 * 60 * 60 * 1000;
/** Sign-ups per client address and per email as typed (whether or not it has an account), like forgot-password. */
export const SIGN_UP_PER_ADDRESS: RateLimit = { name: "sign-up-address", points: 10, windowSeconds: 60 * 60 };
export const SIGN_UP_PER_EMAIL: RateLimit = { name: "sign-up-email", points: 3, windowSeconds: 60 * 60 };

export type RequestSignUpResult =
  | { ok: true; email: StaffEmail }
  | { ok: false; error: "fields"; fieldErrors: Partial<Record<SignUpField, string>> }
  | { ok: false; error: "throttled"; retryAfterSeconds: number };

/**
 * A clinic sign-up: the form is checked (bad input: field codes, nothing written), counted per address and
 * per email, and answered "check your email" in every other case. A new address gets a pending sign-up
 * (clinic_signups, the password already hashed, only the token's SHA-256) and a 24-hour single-use link;
 * an address that already has an account gets, instead, an email saying so — the page's answer is the
 * same, and nothing is written for a new clinic. The password is hashed on both paths (the same work).
 * The email row is returned (the embedded mode shows it on the page: nothing leaves the machine then).
 */
export async function requestClinicSignUp(
  db: Db,
  params: { input: unknown; locale: Locale; clientKey: string; now?: Date; transport?: StaffMailTransport },
): Promise<RequestSignUpResult> {
  const parsed = signUpSchema.safeParse(params.input ?? {});
  if (!parsed.success) {
    return { ok: false, error: "fields", fieldErrors: fieldErrorsOf<SignUpField>(parsed.error, { topLevel: true }) };
  }
  const input = parsed.data;
  const now = params.now ?? new Date();
  const [address, perEmail] = [
    await consumeRateLimit(db, { limit: SIGN_UP_PER_ADDRESS, key: params.clientKey, now }),
    await consumeRateLimit(db, { limit: SIGN_UP_PER_EMAIL, key: input.email, now }),
  ];
  for (const state of [address, perEmail])
    if (!state.allowed) return { ok: false, error: "throttled", retryAfterSeconds: state.retryAfterSeconds };

  const passwordHash = await hashPassword(input.password);
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email))
    .limit(1);
  const base = `${publicBaseUrl()}/${params.locale}`;

  if (taken) {
    const rendered = await renderSignUpExistingEmail({ locale: params.locale, url: `${base}/sign-in` });
    const email = await sendStaffEmail(
      db,
      {
        clinicId: null,
        kind: "sign_up_existing",
        to: input.email,
        idempotencyKey: `sign-up-existing/${generateStaffToken()}`,
        ...rendered,
      },
      params.transport,
    );
    return { ok: true, email };
  }

  const token = generateStaffToken();
  return db.transaction(async (tx) => {
    const [signup] = await tx
      .insert(clinicSignups)
      .values({
        clinicName: input.clinicName,
        timezone: input.timezone,
        currency: input.currency,
        adminName: input.adminName,
        email: input.email,
        passwordHash,
        locale: params.locale,
        tokenHash: hashStaffToken(token),
        expiresAt: new Date(now.getTime() + SIGN_UP_TTL_MS),
        createdAt: now,
      })
      .returning({ id: clinicSignups.id });
    const rendered = await renderSignUpConfirmationEmail({
      locale: params.locale,
      name: input.adminName,
      clinicName: input.clinicName,
      url: `${base}/sign-up/confirm/${token}`,
    });
    const email = await sendStaffEmail(
      tx,
      { clinicId: null, kind: "sign_up_confirmation", to: input.email, idempotencyKey: `sign-up/${signup.id}`, ...rendered },
      params.transport,
    );
    return { ok: true as const, email };
  });
}
