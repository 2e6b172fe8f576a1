import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appointments, secureLinks, type Patient } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { createSecureLink } from "@/lib/links/secure-links";
import { renderMessage } from "../render-message";
import { NOTIFICATION_REGISTRY, NOTIFICATION_TYPES, templateKey } from "../registry";
import type { ClinicNotificationSettings } from "../settings";
import { appointmentKind, type AppointmentSubject } from "./appointment";
import { patientLinkKind } from "./patient-link";
import { replyKind } from "./reply";
import { NOTICE_DEADLINE_MS, subjectMapKey, type KindDelivery } from "./types";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const NOW = new Date("2026-11-25T16:00:00Z");
const HOUR = 3_600_000;
const clinic = { name: "Clínica Luna", timezone: "America/Mexico_City", address: "Av. Insurgentes Sur 1234, CDMX" };

/** Every type on every channel: only the kind's own checks decide. */
const allOn = { channels: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { whatsapp: true, sms: true, email: true }])) } as Pick<
  ClinicNotificationSettings,
  "channels"
>;
const withOff = (type: (typeof NOTIFICATION_TYPES)[number], channel: "whatsapp" | "sms" | "email") =>
  ({ channels: { ...allOn.channels, [type]: { ...allOn.channels[type], [channel]: false } } }) as typeof allOn;

function patientLike(overrides: Partial<Patient> = {}): Patient {
  return {
    id: randomUUID(),
    clinicId: randomUUID(),
    firstName: "María",
    lastName: "Hernández",
    phone: "+525512345678",
    email: "maria@example.com",
    preferredLocale: "es",
    whatsappReachability: "unknown",
    whatsappReachabilityCheckedAt: null,
    smsReachability: "unknown",
    smsReachabilityCheckedAt: null,
    whatsappOptedOutAt: null,
    whatsappOptOutSource: null,
    smsOptedOutAt: null,
    smsOptOutSource: null,
    emailOptedOutAt: null,
    emailOptOutSource: null,
    emailBouncedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  } as Patient;
}

const delivery = (overrides: Partial<KindDelivery> = {}): KindDelivery => ({
  notificationType: "reminder",
  channel: "whatsapp",
  subjectVersion: 2,
  sendAt: NOW,
  ...overrides,
});

/** A visit two days out, at version 2, with its doctor. */
function visit(overrides: Partial<AppointmentSubject> = {}): AppointmentSubject {
  return {
    id: randomUUID(),
    clinicId: randomUUID(),
    patientId: randomUUID(),
    doctorId: randomUUID(),
    startsAt: new Date(NOW.getTime() + 48 * HOUR),
    endsAt: new Date(NOW.getTime() + 48.5 * HOUR),
    kind: "in_person",
    videoUrl: null,
    status: "scheduled",
    version: 2,
    doctorName: "Dr. García",
    ...overrides,
  } as AppointmentSubject;
}

describe("the registry points every type at a kind", () => {
  it("visit types at appointmentKind, link types at patientLinkKind, STOP/START answers at replyKind", () => {
    const kindOf = (t: (typeof NOTIFICATION_TYPES)[number]) => NOTIFICATION_REGISTRY[t].kind.id;
    expect(NOTIFICATION_TYPES.filter((t) => kindOf(t) === "appointment")).toEqual([
      "booking_confirmation",
      "reminder",
      "reminder_1h",
      "reschedule",
      "cancellation",
    ]);
    expect(NOTIFICATION_TYPES.filter((t) => kindOf(t) === "patient_link")).toEqual([
      "lab_result_ready",
      "prescription_ready",
      "intake_form",
      "care_instructions_ready",
    ]);
    expect(NOTIFICATION_TYPES.filter((t) => kindOf(t) === "reply")).toEqual(["opt_out_confirmation", "opt_in_confirmation"]);
  });

  it("each kind gives its template key shape", () => {
    expect(templateKey("reminder", "video", "en")).toBe("reminder.video.en");
    expect(templateKey("lab_result_ready", "video", "es")).toBe("lab_result_ready.es");
    expect(templateKey("opt_in_confirmation", "in_person", "en")).toBe("opt_in_confirmation.en");
  });
});

describe("appointmentKind", () => {
  it("loads a batch of visits with their doctors in one call, each only in its own clinic", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", name: "Dra. Ruiz" });
    const doctorB = await createStaff(database.db, { clinicId: clinicB.id, role: "doctor" });
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const patientB = await createPatient(database.db, { clinicId: clinicB.id });
    const at = (h: number) => new Date(NOW.getTime() + h * HOUR);
    const [a1, a2, b1] = await database.db
      .insert(appointments)
      .values([
        { clinicId: clinicA.id, patientId: patient.id, doctorId: doctor.id, startsAt: at(24), endsAt: at(24.5) },
        {
          clinicId: clinicA.id,
          patientId: patient.id,
          doctorId: doctor.id,
          startsAt: at(48),
          endsAt: at(48.5),
          kind: "video",
          videoUrl: "https://meet.example.com/r",
        },
        { clinicId: clinicB.id, patientId: patientB.id, doctorId: doctorB.id, startsAt: at(24), endsAt: at(24.5) },
      ])
      .returning();
    const key = (clinicId: string, subjectId: string) => ({ clinicId, patientId: patient.id, subjectId });
    const subjects = await appointmentKind.loadSubjects(database.db, [
      key(clinicA.id, a1.id),
      key(clinicA.id, a2.id),
      // Clinic B's visit asked for as if it were clinic A's: not found.
      key(clinicA.id, b1.id),
      key(clinicA.id, randomUUID()),
    ]);
    expect([...subjects.keys()].sort()).toEqual([subjectMapKey(key(clinicA.id, a1.id)), subjectMapKey(key(clinicA.id, a2.id))].sort());
    expect(subjects.get(subjectMapKey(key(clinicA.id, a2.id)))).toMatchObject({ id: a2.id, kind: "video", doctorName: "Dra. Ruiz" });
    expect(await appointmentKind.loadSubjects(database.db, [])).toEqual(new Map());
  });

  it("cancels a message of a cancelled or moved visit, skips one too late, and sends the rest", () => {
    const patient = patientLike();
    const decide = (subject: AppointmentSubject, d = delivery()) =>
      appointmentKind.decide({ delivery: d, subject, patient, settings: allOn, now: NOW });
    expect(decide(visit())).toEqual({ send: true });
    expect(decide(visit({ status: "cancelled" }))).toEqual({ send: false, status: "cancelled", reason: "appointment_cancelled" });
    expect(decide(visit({ version: 3 }))).toEqual({ send: false, status: "cancelled", reason: "stale_version" });
    expect(decide(visit({ startsAt: NOW }))).toEqual({ send: false, status: "skipped", reason: "too_late" });
    // A cancellation notice is wanted only while the visit stays cancelled, whatever its version.
    const cancellation = delivery({ notificationType: "cancellation", subjectVersion: 1 });
    expect(decide(visit({ status: "cancelled" }), cancellation)).toEqual({ send: true });
    expect(decide(visit(), cancellation)).toEqual({ send: false, status: "cancelled", reason: "appointment_not_cancelled" });
  });

  it("skips a channel the clinic turned off or the patient cannot be reached on", () => {
    const subject = visit();
    expect(
      appointmentKind.decide({
        delivery: delivery(),
        subject,
        patient: patientLike(),
        settings: withOff("reminder", "whatsapp"),
        now: NOW,
      }),
    ).toEqual({
      send: false,
      status: "skipped",
      reason: "setting_off",
    });
    expect(
      appointmentKind.decide({
        delivery: delivery(),
        subject,
        patient: patientLike({ whatsappOptedOutAt: NOW }),
        settings: allOn,
        now: NOW,
      }),
    ).toEqual({ send: false, status: "skipped", reason: "opted_out" });
    expect(
      appointmentKind.decide({
        delivery: delivery({ channel: "email" }),
        subject,
        patient: patientLike({ email: null }),
        settings: allOn,
        now: NOW,
      }),
    ).toEqual({ send: false, status: "skipped", reason: "no_address" });
  });

  it("is worth sending until the visit starts; only the 1 h reminder is urgent; it falls back", () => {
    const subject = visit();
    expect(appointmentKind.deadline({ delivery: delivery(), subject })).toEqual(subject.startsAt);
    expect(appointmentKind.urgent({ delivery: { notificationType: "reminder_1h" } })).toBe(true);
    expect(appointmentKind.urgent({ delivery: { notificationType: "reminder" } })).toBe(false);
    expect(appointmentKind.urgent({ delivery: { notificationType: "cancellation" } })).toBe(false);
    expect(appointmentKind.fallsBack).toBe(true);
  });

  it("fills the template from the visit: its variant, doctor, time and video link", async () => {
    const subject = visit({ kind: "video", videoUrl: "https://meet.example.com/luna-1" });
    const values = appointmentKind.templateValues({
      subject,
      payload: {},
      patient: { firstName: "María José" },
      clinic,
      locale: "es",
      now: NOW,
    });
    expect(values).toEqual({
      variant: "video",
      vars: {
        firstName: "María José",
        doctorName: "Dr. García",
        clinicName: "Clínica Luna",
        startsAt: subject.startsAt,
        timeZone: clinic.timezone,
        now: NOW,
        videoUrl: "https://meet.example.com/luna-1",
        // What a reply to the message answers: this visit.
        replyTo: subject.id,
        // Where the visit is (an in-person email gives it; a video visit's render leaves it out).
        clinicAddress: "Av. Insurgentes Sur 1234, CDMX",
      },
    });
    const rendered = await renderMessage({ type: "reminder", locale: "es", ...values, withEmail: false });
    // WhatsApp asks with buttons that name the visit; SMS with the digits to answer.
    expect(rendered.buttons).toEqual([
      { id: `confirm:${subject.id}`, title: "Confirmo" },
      { id: `cancel:${subject.id}`, title: "Cancelar cita" },
    ]);
    expect(rendered.contentVariables[String(Object.keys(rendered.contentVariables).length)]).toBe(subject.id);
    expect(rendered.smsText).toBe(`${rendered.text} Responde 1 para confirmar o 2 para cancelar.`);
    expect(rendered.templateKey).toBe("reminder.video.es");
    expect(rendered.text).toContain("https://meet.example.com/luna-1");
    expect(rendered.text).toContain("Dr. García");
  });

  it("has no payload: an empty object passes, anything but an object is refused", () => {
    expect(appointmentKind.payloadSchema.safeParse({}).success).toBe(true);
    expect(appointmentKind.payloadSchema.safeParse([]).success).toBe(false);
    expect(appointmentKind.payloadSchema.safeParse(null).success).toBe(false);
  });
});

describe("patientLinkKind", () => {
  it("loads links only for their own clinic and patient", async () => {
    const { clinicA, clinicB } = await createTwoClinics(database.db);
    const patient = await createPatient(database.db, { clinicId: clinicA.id });
    const sibling = await createPatient(database.db, { clinicId: clinicA.id });
    const patientB = await createPatient(database.db, { clinicId: clinicB.id });
    const share = (clinicId: string, patientId: string) =>
      createSecureLink(database.db, { clinicId, patientId, purpose: "lab_result", targetId: randomUUID(), createdById: null, now: NOW });
    const mine = await share(clinicA.id, patient.id);
    const siblings = await share(clinicA.id, sibling.id);
    const foreign = await share(clinicB.id, patientB.id);
    const key = (subjectId: string) => ({ clinicId: clinicA.id, patientId: patient.id, subjectId });
    const subjects = await patientLinkKind.loadSubjects(database.db, [key(mine.id), key(siblings.id), key(foreign.id)]);
    expect([...subjects.keys()]).toEqual([subjectMapKey(key(mine.id))]);
    expect(subjects.get(subjectMapKey(key(mine.id)))).toEqual({ revokedAt: null, expiresAt: mine.expiresAt });

    await database.db.update(secureLinks).set({ revokedAt: NOW }).where(eq(secureLinks.id, mine.id));
    const again = await patientLinkKind.loadSubjects(database.db, [key(mine.id)]);
    expect(again.get(subjectMapKey(key(mine.id)))?.revokedAt).toEqual(NOW);
  });

  it("cancels a message whose link was revoked or has expired; otherwise the channel decides", () => {
    const d = delivery({ notificationType: "lab_result_ready", subjectVersion: null });
    const live = { revokedAt: null, expiresAt: new Date(NOW.getTime() + 7 * 24 * HOUR) };
    const decide = (subject: typeof live | { revokedAt: Date; expiresAt: Date }, patient = patientLike(), settings = allOn) =>
      patientLinkKind.decide({ delivery: d, subject, patient, settings, now: NOW });
    expect(decide(live)).toEqual({ send: true });
    expect(decide({ ...live, revokedAt: NOW })).toEqual({ send: false, status: "cancelled", reason: "link_revoked" });
    expect(decide({ ...live, expiresAt: NOW })).toEqual({ send: false, status: "cancelled", reason: "link_expired" });
    expect(decide(live, patientLike({ whatsappReachability: "no", whatsappReachabilityCheckedAt: NOW }))).toEqual({
      send: false,
      status: "skipped",
      reason: "whatsapp_unreachable",
    });
    expect(decide(live, patientLike(), withOff("lab_result_ready", "whatsapp"))).toEqual({
      send: false,
      status: "skipped",
      reason: "setting_off",
    });
  });

  it("accepts the payload it was planned with and refuses a half-filled one", () => {
    const ok = { linkUrl: "https://luna.example.mx/l/abc", linkDays: 7, doctorName: "Dr. García" };
    expect(patientLinkKind.payloadSchema.parse(ok)).toEqual(ok);
    expect(patientLinkKind.payloadSchema.safeParse({ linkDays: 7 }).success).toBe(false);
    expect(patientLinkKind.payloadSchema.safeParse({ linkUrl: "https://luna.example.mx/l/abc", linkDays: "7" }).success).toBe(false);
    expect(patientLinkKind.payloadSchema.safeParse({ linkUrl: "javascript:alert(1)", linkDays: 7 }).success).toBe(false);
    expect(patientLinkKind.payloadSchema.safeParse({ linkUrl: "https://luna.example.mx/l/abc", linkDays: 0 }).success).toBe(false);
  });

  it("is worth sending until the link expires, never urgent, and fills the template from its payload", async () => {
    const subject = { revokedAt: null, expiresAt: new Date(NOW.getTime() + 7 * 24 * HOUR) };
    expect(patientLinkKind.deadline({ delivery: delivery(), subject })).toEqual(subject.expiresAt);
    expect(patientLinkKind.urgent({ delivery: { notificationType: "lab_result_ready" } })).toBe(false);
    const payload = { linkUrl: "https://luna.example.mx/l/abc", linkDays: 7 };
    const values = patientLinkKind.templateValues({ subject, payload, patient: { firstName: "María" }, clinic, locale: "es", now: NOW });
    // No doctor in the payload: the clinic is named instead.
    expect(values).toEqual({
      variant: "in_person",
      vars: {
        firstName: "María",
        doctorName: "Clínica Luna",
        clinicName: "Clínica Luna",
        startsAt: NOW,
        timeZone: clinic.timezone,
        now: NOW,
        linkUrl: payload.linkUrl,
        linkDays: 7,
      },
    });
    const prescription = patientLinkKind.templateValues({
      subject,
      payload: { ...payload, doctorName: "Dra. Ruiz" },
      patient: { firstName: "María" },
      clinic,
      locale: "en",
      now: NOW,
    });
    const rendered = await renderMessage({ type: "prescription_ready", locale: "en", ...prescription, withEmail: false });
    expect(rendered.templateKey).toBe("prescription_ready.en");
    expect(rendered.text).toContain("Dra. Ruiz");
    expect(rendered.text).toContain(payload.linkUrl);
  });
});

describe("replyKind", () => {
  it("answers an opt-out on the very channel opted out of, but not an opt-in there; settings do not apply", () => {
    const optedOut = patientLike({ smsOptedOutAt: NOW });
    const subject = { patientId: optedOut.id };
    const noneOn = {
      channels: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, { whatsapp: false, sms: false, email: false }])),
    } as typeof allOn;
    const decide = (type: "opt_out_confirmation" | "opt_in_confirmation", patient: Patient) =>
      replyKind.decide({
        delivery: delivery({ notificationType: type, channel: "sms", subjectVersion: null }),
        subject,
        patient,
        settings: noneOn,
        now: NOW,
      });
    expect(decide("opt_out_confirmation", optedOut)).toEqual({ send: true });
    expect(decide("opt_in_confirmation", optedOut)).toEqual({ send: false, status: "skipped", reason: "opted_out" });
    expect(decide("opt_in_confirmation", patientLike())).toEqual({ send: true });
    expect(decide("opt_out_confirmation", patientLike({ smsReachability: "no" }))).toEqual({
      send: false,
      status: "skipped",
      reason: "sms_unreachable",
    });
  });

  it("is about its own recipient: no query, and a row about someone else has no subject", async () => {
    const patientId = randomUUID();
    const clinicId = randomUUID();
    const subjects = await replyKind.loadSubjects(database.db, [
      { clinicId, patientId, subjectId: patientId },
      { clinicId, patientId, subjectId: randomUUID() },
    ]);
    expect([...subjects.entries()]).toEqual([[subjectMapKey({ clinicId, subjectId: patientId }), { patientId }]]);
  });

  it("is urgent, worth a notice's few hours, never falls back, and names only the patient and the clinic", async () => {
    const d = delivery({ notificationType: "opt_out_confirmation", sendAt: NOW });
    expect(replyKind.deadline({ delivery: d, subject: { patientId: "p" } })).toEqual(new Date(NOW.getTime() + NOTICE_DEADLINE_MS));
    expect(replyKind.urgent({ delivery: d })).toBe(true);
    expect(replyKind.fallsBack).toBe(false);
    expect(replyKind.templateVariants).toEqual(["in_person"]);
    const values = replyKind.templateValues({
      subject: { patientId: "p" },
      payload: {},
      patient: { firstName: "María" },
      clinic,
      locale: "es",
      now: NOW,
    });
    const rendered = await renderMessage({ type: "opt_out_confirmation", locale: "es", ...values, withEmail: false });
    expect(rendered.templateKey).toBe("opt_out_confirmation.es");
    expect(rendered.text).toContain("María");
    expect(rendered.text).toContain("Clínica Luna");
  });
});
