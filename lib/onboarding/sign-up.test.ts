import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, clinicSignups, clinics, staffEmails, users } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createStaff, createTwoClinics } from "@/db/testing/factories";
import { authenticateStaff } from "@/lib/auth/authenticate-staff";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { NOTIFICATION_REGISTRY } from "@/lib/notifications/registry";
import { createOutboxStaffMailTransport, listStaffEmails } from "@/lib/staff-mail/send";
import { loadMessages } from "@/messages/load";
import { confirmClinicSignUp, resolveClinicSignUp } from "./confirm-sign-up";
import { TRIAL_DAYS } from "./create-clinic";
import { requestClinicSignUp, SIGN_UP_PER_ADDRESS, SIGN_UP_PER_EMAIL, SIGN_UP_TTL_MS } from "./request-sign-up";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const outbox = createOutboxStaffMailTransport();
const PASSWORD = "una-clave-larga-2026";
const DAY_MS = 24 * 60 * 60 * 1000;
const clientKey = () => `test-${randomUUID()}`;
// Every clinic name and email of this file carries its tag: the counts below see only this file's rows
// (other test files write to the same database at the same time).
const FILE_TAG = `su${randomUUID().slice(0, 6)}`;
const uniqueEmail = (prefix = "alta") => `${prefix}-${FILE_TAG}-${randomUUID().slice(0, 8)}@example.test`;

function form(overrides: Record<string, unknown> = {}) {
  return {
    clinicName: `Clínica Nueva ${FILE_TAG} ${randomUUID().slice(0, 6)}`,
    timezone: "America/Monterrey",
    currency: "MXN",
    adminName: "Rosa Villa",
    email: uniqueEmail(),
    password: PASSWORD,
    ...overrides,
  };
}

const tokenOf = (text: string) => text.match(/\/sign-up\/confirm\/([A-Za-z0-9_-]{22})/)?.[1];

async function counts() {
  const db = database.db;
  const like = `%${FILE_TAG}%`;
  const n = async (rows: Promise<{ n: number }[]>) => (await rows)[0].n;
  const count = sql<number>`count(*)::int`;
  return {
    clinics: await n(
      db
        .select({ n: count })
        .from(clinics)
        .where(sql`${clinics.name} like ${like}`),
    ),
    users: await n(
      db
        .select({ n: count })
        .from(users)
        .where(sql`${users.email} like ${like}`),
    ),
    signups: await n(
      db
        .select({ n: count })
        .from(clinicSignups)
        .where(sql`${clinicSignups.email} like ${like}`),
    ),
  };
}

async function signUp(input = form(), options: { locale?: "es" | "en"; now?: Date } = {}) {
  const result = await requestClinicSignUp(database.db, {
    input,
    locale: options.locale ?? "es",
    clientKey: clientKey(),
    now: options.now,
    transport: outbox,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { input, result, token: tokenOf(result.email.text) };
}

describe("sign-up", () => {
  it("a new clinic: a pending sign-up and a confirmation email; nothing can sign in until the link is used, then the clinic exists with its defaults and a 14-day trial", async () => {
    const before = await counts();
    const now = new Date("2026-12-01T15:00:00Z");
    const { input, result, token } = await signUp(form(), { locale: "en", now });
    expect(result.email).toMatchObject({ kind: "sign_up_confirmation", clinicId: null, toEmail: input.email, transport: "outbox" });
    expect(result.email.subject).toBe("Confirm your email to create your clinic on Luna");
    expect(result.email.text).toContain(input.clinicName);
    expect(token).toBeDefined();
    // Only the pending sign-up is written (the token stored hashed, the password hashed).
    expect(await counts()).toEqual({ ...before, signups: before.signups + 1 });
    const [pending] = await database.db.select().from(clinicSignups).where(eq(clinicSignups.email, input.email));
    expect(pending.tokenHash).not.toContain(token!);
    expect(pending.passwordHash).toMatch(/^\$argon2/);
    expect(pending.expiresAt.getTime() - now.getTime()).toBe(SIGN_UP_TTL_MS);
    expect(await authenticateStaff(database.db, { email: input.email, password: PASSWORD }, { clientKey: clientKey() })).toBeNull();

    expect(await resolveClinicSignUp(database.db, { token: token!, now })).toMatchObject({
      clinicName: input.clinicName,
      email: input.email,
    });
    const confirmedAt = new Date(now.getTime() + 60_000);
    const confirmed = await confirmClinicSignUp(database.db, { token: token!, now: confirmedAt });
    expect(confirmed).toMatchObject({ ok: true, email: input.email });
    if (!confirmed.ok) throw new Error("not confirmed");

    const [clinic] = await database.db.select().from(clinics).where(eq(clinics.id, confirmed.clinicId));
    expect(clinic).toMatchObject({
      name: input.clinicName,
      timezone: "America/Monterrey",
      currency: "MXN",
      defaultLocale: "en",
      reminderLeadHours: 24,
      quietHoursEnabled: true,
      setupChecklistDismissedAt: null,
    });
    expect(clinic.trialEndsAt!.getTime() - confirmedAt.getTime()).toBe(TRIAL_DAYS * DAY_MS);
    const [admin] = await database.db.select().from(users).where(eq(users.clinicId, clinic.id));
    expect(admin).toMatchObject({ name: "Rosa Villa", email: input.email, role: "admin", locale: "en" });
    // The reminders grid starts on the registry's defaults.
    const settings = await getNotificationSettings(database.db, { clinicId: clinic.id });
    expect(settings.channels.reminder).toEqual(NOTIFICATION_REGISTRY.reminder.defaultChannels);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.clinicId, clinic.id));
    expect(audit.map((a) => a.action)).toEqual(["clinic.signed_up"]);

    const signedIn = await authenticateStaff(
      database.db,
      { email: input.email.toUpperCase(), password: PASSWORD },
      { clientKey: clientKey() },
    );
    expect(signedIn).toMatchObject({ id: admin.id });
  });

  it("an email already in use gets the same answer; only its owner is told (by email), and nothing is written for a new clinic", async () => {
    const { clinicA } = await createTwoClinics(database.db, "admin");
    const email = uniqueEmail("miembro");
    await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", email });
    const before = await counts();
    const taken = await requestClinicSignUp(database.db, {
      input: form({ email: email.toUpperCase() }),
      locale: "es",
      clientKey: clientKey(),
      transport: outbox,
    });
    const fresh = await requestClinicSignUp(database.db, { input: form(), locale: "es", clientKey: clientKey(), transport: outbox });
    expect(taken.ok).toBe(true);
    expect(Object.keys(taken)).toEqual(Object.keys(fresh));
    if (!taken.ok) throw new Error("refused");
    expect(taken.email).toMatchObject({
      kind: "sign_up_existing",
      clinicId: null,
      toEmail: email,
      subject: "Ya tienes una cuenta en Luna",
    });
    expect(tokenOf(taken.email.text)).toBeUndefined();
    // The fresh one added its pending sign-up; the taken one nothing (no clinic, no user, no sign-up).
    expect(await counts()).toEqual({ ...before, signups: before.signups + 1 });
    expect(await database.db.select().from(clinicSignups).where(eq(clinicSignups.email, email))).toEqual([]);
    // The notice is in no clinic's outbox (the member's clinic's admins do not see it).
    expect(await listStaffEmails(database.db, { clinicId: clinicA.id, to: email })).toEqual([]);
  });

  it("bad input: a localized error per field, nothing written", async () => {
    const before = await counts();
    const taggedEmails = async () =>
      (
        await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(staffEmails)
          .where(and(isNull(staffEmails.clinicId), sql`${staffEmails.toEmail} like ${`%${FILE_TAG}%`}`))
      )[0].n;
    const emailsBefore = await taggedEmails();
    const result = await requestClinicSignUp(database.db, {
      input: {
        clinicName: "  ",
        timezone: "Mars/Olympus",
        currency: "EUR",
        adminName: "x".repeat(121),
        email: "no-es-correo",
        password: "corta",
      },
      locale: "es",
      clientKey: clientKey(),
      transport: outbox,
    });
    expect(result).toEqual({
      ok: false,
      error: "fields",
      fieldErrors: {
        clinicName: "required",
        timezone: "invalid",
        currency: "invalid",
        adminName: "tooLong",
        email: "invalid",
        password: "tooShort",
      },
    });
    expect(
      await requestClinicSignUp(database.db, { input: undefined, locale: "es", clientKey: clientKey(), transport: outbox }),
    ).toMatchObject({
      ok: false,
      error: "fields",
    });
    expect(await counts()).toEqual(before);
    // A good email with a short password: refused too, no email to it.
    expect(
      await requestClinicSignUp(database.db, {
        input: form({ password: "corta" }),
        locale: "en",
        clientKey: clientKey(),
        transport: outbox,
      }),
    ).toEqual({
      ok: false,
      error: "fields",
      fieldErrors: { password: "tooShort" },
    });
    expect(await counts()).toEqual(before);
    expect(await taggedEmails()).toBe(emailsBefore);
    // Every code the form can give has its words in both languages.
    if (result.ok || result.error !== "fields") throw new Error("expected field errors");
    for (const locale of ["es", "en"] as const) {
      const errors = ((await loadMessages(locale)).signUp as { errors: Record<string, Record<string, string>> }).errors;
      for (const [field, code] of Object.entries(result.fieldErrors))
        expect(errors[field]?.[code], `${locale} ${field}.${code}`).toBeTruthy();
    }
  });

  it("is counted per email: the fourth sign-up within the hour is refused, before anything is written", async () => {
    const email = uniqueEmail("muchas");
    for (let i = 0; i < SIGN_UP_PER_EMAIL.points; i++) await signUp(form({ email }));
    const before = await counts();
    const refused = await requestClinicSignUp(database.db, {
      input: form({ email }),
      locale: "es",
      clientKey: clientKey(),
      transport: outbox,
    });
    expect(refused).toMatchObject({ ok: false, error: "throttled" });
    expect(await counts()).toEqual(before);
  });

  it("is counted per client address too: past its limit a new address is refused, the same for a taken one", async () => {
    const address = clientKey();
    const consume = (email: string) =>
      requestClinicSignUp(database.db, { input: form({ email }), locale: "es", clientKey: address, transport: outbox });
    for (let i = 0; i < SIGN_UP_PER_ADDRESS.points; i++) expect((await consume(uniqueEmail("red"))).ok).toBe(true);
    const before = await counts();
    expect(await consume(uniqueEmail("red"))).toMatchObject({ ok: false, error: "throttled" });
    expect(await consume("admin@clinicaluna.mx")).toMatchObject({ ok: false, error: "throttled" });
    expect(await counts()).toEqual(before);
  });

  it("a link works once, and not after 24 hours: a reused or expired link is invalid and writes nothing", async () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const first = await signUp(form(), { now });
    expect(await confirmClinicSignUp(database.db, { token: first.token!, now })).toMatchObject({ ok: true });
    const afterFirst = await counts();
    expect(await confirmClinicSignUp(database.db, { token: first.token!, now })).toEqual({ ok: false, error: "invalid" });
    expect(await resolveClinicSignUp(database.db, { token: first.token!, now })).toBeNull();

    const late = await signUp(form(), { now });
    const expiredAt = new Date(now.getTime() + SIGN_UP_TTL_MS);
    expect(await resolveClinicSignUp(database.db, { token: late.token!, now: expiredAt })).toBeNull();
    expect(await confirmClinicSignUp(database.db, { token: late.token!, now: expiredAt })).toEqual({ ok: false, error: "invalid" });
    expect(await confirmClinicSignUp(database.db, { token: "not-a-token", now })).toEqual({ ok: false, error: "invalid" });
    expect(await confirmClinicSignUp(database.db, { token: "A".repeat(22), now })).toEqual({ ok: false, error: "invalid" });
    expect(await counts()).toEqual({ ...afterFirst, signups: afterFirst.signups + 1 });
    const [pending] = await database.db.select().from(clinicSignups).where(eq(clinicSignups.email, late.input.email));
    expect(pending.confirmedAt).toBeNull();
  });

  it("two sign-ups with one email: the first confirmed makes the clinic, the second link says the email has an account and writes nothing", async () => {
    const email = uniqueEmail("doble");
    const a = await signUp(form({ email }));
    const b = await signUp(form({ email }));
    expect(await confirmClinicSignUp(database.db, { token: a.token! })).toMatchObject({ ok: true });
    const before = await counts();
    expect(await confirmClinicSignUp(database.db, { token: b.token! })).toEqual({ ok: false, error: "alreadyMember" });
    expect(await counts()).toEqual(before);
    const [pendingB] = await database.db
      .select()
      .from(clinicSignups)
      .where(and(eq(clinicSignups.email, email), isNull(clinicSignups.clinicId)));
    expect(pendingB.confirmedAt).toBeNull();
  });

  it("two clinics signed up: each admin belongs to their own clinic only, and neither sees the other's emails", async () => {
    const one = await signUp(form({ clinicName: `Consultorio Uno ${FILE_TAG}` }));
    const two = await signUp(form({ clinicName: `Consultorio Dos ${FILE_TAG}`, timezone: "America/Tijuana", currency: "USD" }), {
      locale: "en",
    });
    const c1 = await confirmClinicSignUp(database.db, { token: one.token! });
    const c2 = await confirmClinicSignUp(database.db, { token: two.token! });
    if (!c1.ok || !c2.ok) throw new Error("not confirmed");
    expect(c1.clinicId).not.toBe(c2.clinicId);
    const members = async (clinicId: string) =>
      (await database.db.select({ email: users.email }).from(users).where(eq(users.clinicId, clinicId))).map((u) => u.email);
    expect(await members(c1.clinicId)).toEqual([one.input.email]);
    expect(await members(c2.clinicId)).toEqual([two.input.email]);
    const [clinicTwo] = await database.db.select().from(clinics).where(eq(clinics.id, c2.clinicId));
    expect(clinicTwo).toMatchObject({
      name: `Consultorio Dos ${FILE_TAG}`,
      timezone: "America/Tijuana",
      currency: "USD",
      defaultLocale: "en",
    });
    // Sign-up emails belong to no clinic: neither outbox lists them.
    expect(await listStaffEmails(database.db, { clinicId: c1.clinicId })).toEqual([]);
    expect(await listStaffEmails(database.db, { clinicId: c2.clinicId })).toEqual([]);
  });
});
