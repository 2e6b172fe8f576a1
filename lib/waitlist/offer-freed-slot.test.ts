import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, deliveries, slotOfferRecipients, slotOffers } from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment, cancelAppointment } from "@/lib/appointments/change-appointment";
import { addWaitlistEntry } from "./entries";
import { getFreedSlotState, offerFreedSlot } from "./offer-freed-slot";
import { saveWaitlistSettings } from "./settings";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
const db = () => database.db;

const NOW = new Date("2026-11-25T16:00:00Z"); // Wednesday 10:00 in Mexico City
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

/** A clinic that offers freed slots only when staff press "Ofrecer", three patients waiting, one visit cancelled. */
async function scenario(params: { autoOffer?: boolean; startsAt?: string } = {}) {
  const two = await createTwoClinics(db(), "admin");
  const saved = await saveWaitlistSettings(db(), two.ctxA, {
    input: {
      autoOffer: params.autoOffer ? "on" : "",
      waveSize: "2",
      holdMinutes: "15",
      minLeadMinutes: "120",
      acceptMovesLaterVisit: "on",
    },
    now: minutes(-500),
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  const doctor = await createStaff(db(), { clinicId: two.clinicA.id, role: "doctor", name: "López", title: "dra" });
  const owner = await createPatient(db(), { clinicId: two.clinicA.id });
  const waiting = [];
  for (let i = 0; i < 3; i++) {
    const patient = await createPatient(db(), { clinicId: two.clinicA.id });
    const added = await addWaitlistEntry(db(), two.ctxA, { input: { patientId: patient.id, doctorId: doctor.id }, now: minutes(-100 + i) });
    if (!added.ok) throw new Error(JSON.stringify(added));
    waiting.push(patient);
  }
  const booked = await bookAppointment(db(), two.ctxA, {
    input: {
      patientId: owner.id,
      doctorId: doctor.id,
      startsAt: params.startsAt ?? "2026-11-27T10:00",
      durationMinutes: "30",
      kind: "in_person",
    },
    now: NOW,
  });
  if (!booked.ok) throw new Error(JSON.stringify(booked));
  return { ...two, doctor, owner, waiting, visit: booked.appointmentId };
}

const offersFor = (appointmentId: string) => db().select().from(slotOffers).where(eq(slotOffers.freedAppointmentId, appointmentId));

describe("staff press 'Ofrecer' on a freed slot", () => {
  it("with automatic offers off a cancellation offers nothing; 'Ofrecer' runs the same offer code (first wave of the wave size, audited)", async () => {
    const s = await scenario();
    const cancelled = await cancelAppointment(db(), s.ctxA, { input: { appointmentId: s.visit }, now: NOW });
    if (!cancelled.ok) throw new Error("cancel");
    expect(await offersFor(s.visit)).toEqual([]);
    expect(await getFreedSlotState(db(), { clinicId: s.clinicA.id, appointmentId: s.visit, now: NOW })).toEqual({
      summary: null,
      autoOffer: false,
      canOffer: true,
    });

    const result = await offerFreedSlot(db(), s.ctxA, { appointmentId: s.visit, now: minutes(5) });
    expect(result.ok).toBe(true);
    const [offer] = await offersFor(s.visit);
    expect(offer).toMatchObject({ clinicId: s.clinicA.id, doctorId: s.doctor.id, status: "open", wave: 1, freedAt: minutes(5) });
    const recipients = await db().select().from(slotOfferRecipients).where(eq(slotOfferRecipients.offerId, offer.id));
    expect(recipients.map((r) => r.patientId).sort()).toEqual(
      s.waiting
        .slice(0, 2)
        .map((p) => p.id)
        .sort(),
    );
    const sent = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.clinicId, s.clinicA.id), eq(deliveries.notificationType, "slot_offer")));
    expect(sent).toHaveLength(2);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "waitlist.offer")));
    expect(audit).toMatchObject({ actorUserId: s.staffA.id, entityId: s.visit });

    const state = await getFreedSlotState(db(), { clinicId: s.clinicA.id, appointmentId: s.visit, now: minutes(5) });
    expect(state).toMatchObject({ canOffer: false, summary: { offered: 2, declined: 0, waiting: 2, status: "open" } });

    // Pressed twice: one offer.
    expect(await offerFreedSlot(db(), s.ctxA, { appointmentId: s.visit, now: minutes(6) })).toEqual({ ok: false, error: "alreadyOffered" });
    expect(await offersFor(s.visit)).toHaveLength(1);
  });

  it("another clinic cannot offer or read the slot; a visit not cancelled, too close or already rebooked is refused with nothing written", async () => {
    const s = await scenario();
    // Not cancelled yet.
    expect(await offerFreedSlot(db(), s.ctxA, { appointmentId: s.visit, now: NOW })).toEqual({ ok: false, error: "notFreed" });
    await cancelAppointment(db(), s.ctxA, { input: { appointmentId: s.visit }, now: NOW });
    // The other clinic.
    expect(await offerFreedSlot(db(), s.ctxB, { appointmentId: s.visit, now: NOW })).toEqual({ ok: false, error: "notFound" });
    expect(await getFreedSlotState(db(), { clinicId: s.clinicB.id, appointmentId: s.visit, now: NOW })).toBeNull();
    // Staff booked the slot meanwhile.
    const rebooked = await bookAppointment(db(), s.ctxA, {
      input: { patientId: s.waiting[2].id, doctorId: s.doctor.id, startsAt: "2026-11-27T10:00", durationMinutes: "30", kind: "in_person" },
      now: NOW,
    });
    expect(rebooked.ok).toBe(true);
    expect(await offerFreedSlot(db(), s.ctxA, { appointmentId: s.visit, now: NOW })).toEqual({ ok: false, error: "slotTaken" });
    expect(await offersFor(s.visit)).toEqual([]);
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.clinicId, s.clinicA.id), eq(auditLog.action, "waitlist.offer"))),
    ).toEqual([]);

    // Too close to its start (the 2 h lead): refused, and the calendar offers no button.
    const soon = await scenario({ startsAt: "2026-11-25T11:00" });
    await cancelAppointment(db(), soon.ctxA, { input: { appointmentId: soon.visit }, now: NOW });
    expect(await offerFreedSlot(db(), soon.ctxA, { appointmentId: soon.visit, now: NOW })).toEqual({ ok: false, error: "tooClose" });
    expect(await getFreedSlotState(db(), { clinicId: soon.clinicA.id, appointmentId: soon.visit, now: NOW })).toMatchObject({
      canOffer: false,
    });
  });

  it("with automatic offers on the cancellation already offered it: the summary shows and no button", async () => {
    const s = await scenario({ autoOffer: true });
    await cancelAppointment(db(), s.ctxA, { input: { appointmentId: s.visit }, now: NOW });
    expect(await getFreedSlotState(db(), { clinicId: s.clinicA.id, appointmentId: s.visit, now: NOW })).toMatchObject({
      autoOffer: true,
      canOffer: false,
      summary: { offered: 2, waiting: 2 },
    });
  });
});
