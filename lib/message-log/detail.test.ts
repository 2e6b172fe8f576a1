import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { appointments, deliveryEvents } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { createSecureLink } from "@/lib/links/secure-links";
import { renderMessage } from "@/lib/notifications/render-message";
import { getDeliveryDetail, parseTemplateKey, renderDeliveryContent } from "./detail";
import { insertLogDelivery } from "./testing";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const at = (iso: string) => new Date(iso);

async function scenario() {
  const { clinicA, clinicB } = await createTwoClinics(database.db);
  const doctor = await createStaff(database.db, { clinicId: clinicA.id, role: "doctor", name: "Dr. García" });
  const patient = await createPatient(database.db, { clinicId: clinicA.id, firstName: "María", phone: "+525511115678" });
  const [appointment] = await database.db
    .insert(appointments)
    .values({
      clinicId: clinicA.id,
      patientId: patient.id,
      doctorId: doctor.id,
      startsAt: at("2026-03-17T16:00:00Z"),
      endsAt: at("2026-03-17T16:30:00Z"),
      kind: "in_person",
    })
    .returning();
  const base = {
    clinicId: clinicA.id,
    patientId: patient.id,
    appointmentId: appointment.id,
    appointmentVersion: 1,
    sendAt: at("2026-03-16T16:00:00Z"),
  };
  // WhatsApp could not reach her, so SMS followed, and SMS failed too, so email followed.
  const whatsapp = await insertLogDelivery(database.db, { ...base, channel: "whatsapp", status: "failed", errorCode: "63003" });
  const sms = await insertLogDelivery(database.db, {
    ...base,
    channel: "sms",
    status: "undelivered",
    fallbackOfId: whatsapp.id,
    templateKey: "reminder.in_person.es",
  });
  const email = await insertLogDelivery(database.db, { ...base, channel: "email", status: "scheduled", attempts: 0, fallbackOfId: sms.id });
  const otherPatient = await createPatient(database.db, { clinicId: clinicB.id });
  const foreign = await insertLogDelivery(database.db, { clinicId: clinicB.id, patientId: otherPatient.id, sendAt: base.sendAt });
  return { clinicA, clinicB, patient, appointment, whatsapp, sms, email, foreign };
}

describe("getDeliveryDetail", () => {
  it("is scoped by clinic: another clinic's id, an unknown id and a malformed id are all absent", async () => {
    const s = await scenario();
    expect(await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: s.foreign.id })).toBeNull();
    expect(await getDeliveryDetail(database.db, { clinicId: s.clinicB.id, deliveryId: s.sms.id })).toBeNull();
    expect(await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: "not-a-uuid'; drop table x" })).toBeNull();
    expect(await getDeliveryDetail(database.db, { clinicId: s.clinicB.id, deliveryId: s.foreign.id })).not.toBeNull();
  });

  it("gives the whole fallback chain from any link, up and down, in order", async () => {
    const s = await scenario();
    for (const from of [s.whatsapp, s.sms, s.email]) {
      const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: from.id });
      expect(detail!.chain.map((link) => [link.id, link.depth, link.channel])).toEqual([
        [s.whatsapp.id, 0, "whatsapp"],
        [s.sms.id, 1, "sms"],
        [s.email.id, 2, "email"],
      ]);
    }
    const lone = await getDeliveryDetail(database.db, { clinicId: s.clinicB.id, deliveryId: s.foreign.id });
    expect(lone!.chain.map((link) => link.id)).toEqual([s.foreign.id]);
  });

  it("lists the status history in time order, only the clinic's own events, and masks the phone", async () => {
    const s = await scenario();
    await database.db.insert(deliveryEvents).values([
      { deliveryId: s.sms.id, clinicId: s.clinicA.id, status: "sent", source: "system", occurredAt: at("2026-03-16T16:00:01Z") },
      { deliveryId: s.sms.id, clinicId: s.clinicA.id, status: "scheduled", source: "system", occurredAt: at("2026-03-15T10:00:00Z") },
      {
        deliveryId: s.sms.id,
        clinicId: s.clinicA.id,
        status: "undelivered",
        errorCode: "30005",
        source: "twilio",
        occurredAt: at("2026-03-16T16:00:05Z"),
      },
    ]);
    const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: s.sms.id });
    expect(detail!.events.map((e) => [e.status, e.source, e.errorCode])).toEqual([
      ["scheduled", "system", null],
      ["sent", "system", null],
      ["undelivered", "twilio", "30005"],
    ]);
    expect(detail!.patient).toEqual({ id: s.patient.id, firstName: "María", phoneLast4: "5678" });
    expect(JSON.stringify(detail!.patient)).not.toContain("+52");
  });
});

describe("renderDeliveryContent", () => {
  it("rebuilds a message sent before its text was recorded from its stored variables, as renderMessage wrote it", async () => {
    const s = await scenario();
    const sent = await renderMessage({
      type: "reminder",
      variant: "in_person",
      locale: "es",
      vars: {
        firstName: "María",
        doctorName: "Dr. García",
        clinicName: "Clínica Luna",
        startsAt: at("2026-03-17T16:00:00Z"),
        timeZone: "America/Mexico_City",
        now: at("2026-03-16T16:00:00Z"),
      },
      withEmail: false,
    });
    const { deliveries } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await database.db
      .update(deliveries)
      .set({ variables: sent.contentVariables, templateKey: sent.templateKey })
      .where(eq(deliveries.id, s.whatsapp.id));
    const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: s.whatsapp.id });
    expect(await renderDeliveryContent(detail!)).toEqual({ kind: "rebuilt", text: sent.text, subject: null });
  });

  it("renders a message not sent yet with today's data, with the email subject for email", async () => {
    const s = await scenario();
    const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: s.email.id });
    const content = await renderDeliveryContent(detail!);
    expect(content.kind).toBe("preview");
    if (content.kind !== "preview") return;
    expect(content.text).toContain("María");
    expect(content.text).toContain("Dr. García");
    expect(content.subject).toContain(s.clinicA.name);
  });

  it("says it cannot show a message whose template key or variables do not fit", async () => {
    const s = await scenario();
    const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: s.sms.id });
    expect(await renderDeliveryContent({ ...detail!, delivery: { ...detail!.delivery, templateKey: "nonsense" } })).toEqual({
      kind: "unavailable",
    });
    expect(await renderDeliveryContent({ ...detail!, delivery: { ...detail!.delivery, variables: { "1": "María" } } })).toEqual({
      kind: "unavailable",
    });
  });

  it("previews an unsent link message from its kind (with its link), and not one whose link or payload is gone", async () => {
    const s = await scenario();
    const link = await createSecureLink(database.db, {
      clinicId: s.clinicA.id,
      patientId: s.patient.id,
      purpose: "lab_result",
      targetId: randomUUID(),
      createdById: null,
      now: at("2026-03-16T16:00:00Z"),
    });
    const row = await insertLogDelivery(database.db, {
      clinicId: s.clinicA.id,
      patientId: s.patient.id,
      notificationType: "lab_result_ready",
      subjectType: "secure_link",
      subjectId: link.id,
      templateKey: "lab_result_ready.es",
      payload: { linkUrl: link.url, linkDays: 7 },
      status: "scheduled",
      attempts: 0,
      sendAt: at("2026-03-16T16:00:00Z"),
    });
    const detail = await getDeliveryDetail(database.db, { clinicId: s.clinicA.id, deliveryId: row.id });
    const content = await renderDeliveryContent(detail!);
    expect(content).toMatchObject({ kind: "preview", subject: null });
    if (content.kind === "preview") expect(content.text).toContain(link.url);
    expect(await renderDeliveryContent({ ...detail!, delivery: { ...detail!.delivery, payload: { linkDays: 7 } } })).toEqual({
      kind: "unavailable",
    });
    expect(await renderDeliveryContent({ ...detail!, subject: null })).toEqual({ kind: "unavailable" });
  });

  it("parses template keys with and without a variant", () => {
    expect(parseTemplateKey("reminder.video.en")).toEqual({ type: "reminder", variant: "video", locale: "en" });
    expect(parseTemplateKey("opt_out_confirmation.es")).toEqual({ type: "opt_out_confirmation", variant: "in_person", locale: "es" });
    expect(parseTemplateKey("reminder.video.fr")).toBeNull();
  });
});
