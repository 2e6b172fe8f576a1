import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  appointments,
  clinics,
  deliveries,
  inboundMessages,
  slotOfferRecipients,
  slotOffers,
  waitlistEntries,
  waitlistSettings,
} from "@/db/schema";
import { openTestDatabase } from "@/db/testing/test-db";
import { createPatient, createStaff, createTwoClinics } from "@/db/testing/factories";
import { bookAppointment, cancelAppointment, rescheduleAppointment } from "@/lib/appointments/change-appointment";
import { handleInboundMessage } from "@/lib/inbound/handle-inbound-message";
import { inboundForm, waIdOf, whatsappFrom } from "@/lib/inbound/test-fixtures";
import { renderMessage } from "@/lib/notifications/render-message";
import { addWaitlistEntry } from "./entries";
import { advanceSlotOffers } from "./offers";
import { slotOfferSummaries, waitlistFillRate } from "./queries";

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
const GRACE = 2; // minutes (RESCHEDULE_COALESCE_MS)

async function scenario(params: { waiting?: number } = {}) {
  const two = await createTwoClinics(db());
  const doctor = await createStaff(db(), { clinicId: two.clinicA.id, role: "doctor", name: "López", title: "dra" });
  const otherDoctor = await createStaff(db(), { clinicId: two.clinicA.id, role: "doctor", name: "Ruiz", title: "dr" });
  const doctorB = await createStaff(db(), { clinicId: two.clinicB.id, role: "doctor" });
  const owner = await createPatient(db(), { clinicId: two.clinicA.id, firstName: "Olga" });
  const waiting = [];
  for (let i = 0; i < (params.waiting ?? 4); i++) {
    const patient = await createPatient(db(), { clinicId: two.clinicA.id, firstName: `Paciente${i + 1}`, lastName: "Secreto" });
    const added = await addWaitlistEntry(db(), two.ctxA, {
      input: { patientId: patient.id, doctorId: i % 2 ? "" : doctor.id },
      now: minutes(-100 + i),
    });
    if (!added.ok) throw new Error(JSON.stringify(added));
    waiting.push({ patient, entryId: added.entryId });
  }
  // Waiting for another doctor, and in the other clinic: never offered this slot.
  const forOther = await createPatient(db(), { clinicId: two.clinicA.id });
  await addWaitlistEntry(db(), two.ctxA, { input: { patientId: forOther.id, doctorId: otherDoctor.id }, now: minutes(-200) });
  const patientB = await createPatient(db(), { clinicId: two.clinicB.id });
  await addWaitlistEntry(db(), two.ctxB, { input: { patientId: patientB.id }, now: minutes(-300) });

  async function book(patientId: string, startsAt: string, doctorId = doctor.id) {
    const r = await bookAppointment(db(), two.ctxA, {
      input: { patientId, doctorId, startsAt, durationMinutes: "30", kind: "in_person" },
      now: NOW,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.appointmentId;
  }
  const visit = await book(owner.id, "2026-11-27T10:00");
  await bookAppointment(db(), two.ctxB, {
    input: { patientId: patientB.id, doctorId: doctorB.id, startsAt: "2026-11-27T10:00", durationMinutes: "30", kind: "in_person" },
    now: NOW,
  });
  const cancel = async (at = NOW, appointmentId = visit) => {
    const r = await cancelAppointment(db(), two.ctxA, { input: { appointmentId }, now: at });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r;
  };
  return { ...two, doctor, otherDoctor, owner, waiting, forOther, patientB, visit, book, cancel };
}

const offersOf = (clinicId: string) => db().select().from(slotOffers).where(eq(slotOffers.clinicId, clinicId));
/** An offer's recipients by wave, then in the order they asked (earliest request first). */
const recipientsOf = async (offerId: string) =>
  (
    await db()
      .select({ recipient: slotOfferRecipients, requestedAt: waitlistEntries.createdAt })
      .from(slotOfferRecipients)
      .innerJoin(waitlistEntries, eq(waitlistEntries.id, slotOfferRecipients.entryId))
      .where(eq(slotOfferRecipients.offerId, offerId))
  )
    .sort((a, b) => a.recipient.wave - b.recipient.wave || a.requestedAt.getTime() - b.requestedAt.getTime())
    .map((r) => r.recipient);
const messagesOf = (patientIds: string[], type: "slot_offer" | "slot_offer_taken") =>
  db()
    .select()
    .from(deliveries)
    .where(and(inArray(deliveries.patientId, patientIds), eq(deliveries.notificationType, type)));
const reply = (patient: { phone: string }, fields: { Body?: string; ButtonPayload?: string }, at: Date) =>
  handleInboundMessage(db(), {
    form: inboundForm({ From: whatsappFrom(patient.phone), WaId: waIdOf(patient.phone), Body: fields.Body ?? "", ...fields }),
    now: at,
  });

describe("a freed slot is offered to the waitlist", () => {
  it("a cancellation offers the slot to the first wave of three, earliest request first, after the grace period, held 15 min", async () => {
    const s = await scenario();
    const cancelled = await s.cancel();
    const [offer] = await offersOf(s.clinicA.id);
    expect(offer).toMatchObject({ doctorId: s.doctor.id, status: "open", wave: 1, freedAppointmentId: s.visit, freedAt: NOW });
    const recipients = await recipientsOf(offer.id);
    expect(recipients.map((r) => r.patientId)).toEqual(s.waiting.slice(0, 3).map((w) => w.patient.id));
    expect(
      recipients.every(
        (r) => r.offeredAt.getTime() === minutes(GRACE).getTime() && r.expiresAt.getTime() === minutes(GRACE + 15).getTime(),
      ),
    ).toBe(true);

    const offers = await messagesOf(
      s.waiting.map((w) => w.patient.id),
      "slot_offer",
    );
    expect(offers).toHaveLength(3);
    expect(
      offers.every(
        (d) => d.channel === "whatsapp" && d.subjectType === "slot_offer_recipient" && d.sendAt.getTime() === minutes(GRACE).getTime(),
      ),
    ).toBe(true);
    // Handed to the driver with the cancellation's own notice.
    expect(cancelled.scheduled.map((d) => d.notificationType).sort()).toEqual(["cancellation", "slot_offer", "slot_offer", "slot_offer"]);
    // Nothing in the other clinic, nobody waiting for another doctor.
    expect(await offersOf(s.clinicB.id)).toEqual([]);
    expect(await messagesOf([s.forOther.id, s.patientB.id], "slot_offer")).toEqual([]);
  });

  it("the offer reads as a UTILITY message with the first name only and buttons that name the offer; SMS says Responde SI", async () => {
    const vars = {
      firstName: "Ana",
      doctorName: "la Dra. López",
      clinicName: "Clínica Sol",
      startsAt: new Date("2026-12-03T16:00:00Z"),
      timeZone: "America/Mexico_City",
      now: NOW,
      replyTo: "3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f47",
    };
    const es = await renderMessage({ type: "slot_offer", variant: "in_person", locale: "es", vars, withEmail: false });
    expect(es.text).toBe(
      "Hola Ana, se liberó un espacio con la Dra. López en Clínica Sol el jueves 3 de diciembre, 10:00 a.m. ¿Lo quieres? Te lo apartamos unos minutos.",
    );
    expect(es.buttons).toEqual([
      { id: `offer_accept:${vars.replyTo}`, title: "Sí, lo quiero" },
      { id: `offer_decline:${vars.replyTo}`, title: "No, gracias" },
    ]);
    expect(es.smsText).toMatch(/Responde SI para apartarlo o NO si no lo quieres\.$/);
    const en = await renderMessage({
      type: "slot_offer_taken",
      variant: "in_person",
      locale: "en",
      vars: { ...vars, doctorName: "Dr. López" },
      withEmail: false,
    });
    expect(en.text).toBe(
      "Hi Ana, the slot with Dr. López has already been taken. You're still on the Clínica Sol waitlist and we'll let you know when another one opens up.",
    );
    expect(en.buttons).toEqual([]);
  });

  it("a slot sooner than the clinic's minimum lead (2 h) is not offered; nor one freed when nobody waits for it", async () => {
    const s = await scenario();
    const soon = await s.book(s.owner.id, "2026-11-25T11:30");
    await s.cancel(NOW, soon);
    expect(await offersOf(s.clinicA.id)).toEqual([]);
    const other = await s.book(s.owner.id, "2026-11-27T12:00", s.otherDoctor.id);
    await db().update(waitlistEntries).set({ status: "removed" }).where(eq(waitlistEntries.clinicId, s.clinicA.id));
    await s.cancel(NOW, other);
    const [closed] = await offersOf(s.clinicA.id);
    expect(closed).toMatchObject({ status: "closed", closedReason: "no_match", wave: 0 });
  });

  it("a move frees the time it left: that slot is offered; a visit moved into an offered slot closes its offer", async () => {
    const s = await scenario();
    const moved = await rescheduleAppointment(db(), s.ctxA, { input: { appointmentId: s.visit, startsAt: "2026-11-28T10:00" }, now: NOW });
    if (!moved.ok) throw new Error(JSON.stringify(moved));
    const [offer] = await offersOf(s.clinicA.id);
    expect(offer).toMatchObject({ status: "open", startsAt: new Date("2026-11-27T16:00:00Z") });
    // Moved back before anyone was sent the offer (inside the grace period): the offer is withdrawn, nobody is told.
    await rescheduleAppointment(db(), s.ctxA, { input: { appointmentId: s.visit, startsAt: "2026-11-27T10:00" }, now: minutes(1) });
    const offers = await offersOf(s.clinicA.id);
    expect(offers.find((o) => o.id === offer.id)).toMatchObject({ status: "closed", closedReason: "booked" });
    expect(
      await messagesOf(
        s.waiting.map((w) => w.patient.id),
        "slot_offer_taken",
      ),
    ).toEqual([]);
  });
});

describe("answers to an offer", () => {
  it("the first 'Sí, lo quiero' books the slot through the booking code; the others are told it was taken, and a later acceptor too", async () => {
    const s = await scenario();
    await s.cancel();
    const [offer] = await offersOf(s.clinicA.id);
    const recipients = await recipientsOf(offer.id);
    const [first, second, third] = s.waiting;
    const at = minutes(GRACE + 3);

    const won = await reply(second.patient, { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${recipients[1].id}` }, at);
    expect(won).toMatchObject({ kind: "handled", intent: "offer_accept", offer: { outcome: "booked" } });
    if (won.kind !== "handled" || won.offer?.outcome !== "booked") throw new Error("not booked");
    const [visit] = await db().select().from(appointments).where(eq(appointments.id, won.offer.appointmentId));
    expect(visit).toMatchObject({
      patientId: second.patient.id,
      doctorId: s.doctor.id,
      startsAt: new Date("2026-11-27T16:00:00Z"),
      status: "scheduled",
    });
    expect(won.appointmentId).toBe(visit.id);
    // The confirmation and reminders follow, as for any booking.
    expect(won.scheduled.map((d) => d.notificationType)).toEqual(
      expect.arrayContaining(["booking_confirmation", "reminder", "slot_offer_taken", "slot_offer_taken"]),
    );
    const [filled] = await offersOf(s.clinicA.id);
    expect(filled).toMatchObject({ status: "filled", bookedAppointmentId: visit.id, filledAt: at });
    expect((await recipientsOf(offer.id)).map((r) => r.status)).toEqual(["too_late", "accepted", "too_late"]);
    const [entry] = await db().select().from(waitlistEntries).where(eq(waitlistEntries.id, second.entryId));
    expect(entry).toMatchObject({ status: "booked", bookedAppointmentId: visit.id });
    const taken = await messagesOf([first.patient.id, third.patient.id], "slot_offer_taken");
    expect(taken.map((d) => d.patientId).sort()).toEqual([first.patient.id, third.patient.id].sort());

    // A later "Sí" by button: told again? No: one notice each; nothing booked.
    const late = await reply(
      first.patient,
      { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${recipients[0].id}` },
      minutes(GRACE + 4),
    );
    expect(late).toMatchObject({ intent: "offer_accept", appointmentId: null, offer: { outcome: "taken" } });
    expect(await messagesOf([first.patient.id], "slot_offer_taken")).toHaveLength(1);
    const slotVisits = await db()
      .select()
      .from(appointments)
      .where(and(eq(appointments.doctorId, s.doctor.id), eq(appointments.startsAt, new Date("2026-11-27T16:00:00Z"))));
    expect(slotVisits.filter((v) => v.status !== "cancelled")).toHaveLength(1);

    // What the calendar shows of the freed visit, and the dashboard's figure: one slot freed, refilled in 5 minutes.
    const summary = (await slotOfferSummaries(db(), { clinicId: s.clinicA.id, appointmentIds: [s.visit] })).get(s.visit);
    expect(summary).toMatchObject({ status: "filled", offered: 3, declined: 0, waiting: 0, bookedAppointmentId: visit.id });
    expect((await slotOfferSummaries(db(), { clinicId: s.clinicB.id, appointmentIds: [s.visit] })).size).toBe(0);
    const day = { from: new Date("2026-11-25T06:00:00Z"), to: new Date("2026-11-26T06:00:00Z") };
    expect(await waitlistFillRate(db(), { clinicId: s.clinicA.id, ...day })).toEqual({
      freed: 1,
      refilled: 1,
      rate: 1,
      medianMinutesToRefill: 5,
      maxMinutesToRefill: 5,
    });
    expect(await waitlistFillRate(db(), { clinicId: s.clinicB.id, ...day })).toEqual({
      freed: 0,
      refilled: 0,
      rate: null,
      medianMinutesToRefill: null,
      maxMinutesToRefill: null,
    });
  });

  it("a typed 'Sí' answers the held offer, not the patient's next visit; from someone never offered it confirms their visit as before", async () => {
    const s = await scenario();
    const [first] = s.waiting;
    const ownVisit = await s.book(first.patient.id, "2026-12-10T10:00");
    const bystander = await createPatient(db(), { clinicId: s.clinicA.id });
    const bystanderVisit = await s.book(bystander.id, "2026-12-11T10:00");
    await s.cancel();
    const won = await reply(first.patient, { Body: "Sí" }, minutes(GRACE + 1));
    expect(won).toMatchObject({ intent: "offer_accept", offer: { outcome: "booked" } });
    // Not confirmed by that "Sí": moved instead (the clinic's default), so it is cancelled as the patient.
    const [own] = await db().select().from(appointments).where(eq(appointments.id, ownVisit));
    expect(own).toMatchObject({ status: "cancelled", cancelledBy: "patient", confirmedAt: null });

    const other = await reply(bystander, { Body: "Sí" }, minutes(GRACE + 1));
    expect(other).toMatchObject({ intent: "confirm", appointmentId: bystanderVisit });
    expect(other.kind === "handled" && other.offer).toBeFalsy();
    // A button naming someone else's offer answers nothing of theirs.
    const [offer] = await offersOf(s.clinicA.id);
    const [, secondRecipient] = await recipientsOf(offer.id);
    const foreign = await reply(
      bystander,
      { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${secondRecipient.id}` },
      minutes(GRACE + 2),
    );
    expect(foreign).toMatchObject({ intent: "message", appointmentId: null });
  });

  it("a clinic that adds rather than moves keeps the patient's later visit when they accept an earlier slot", async () => {
    const s = await scenario();
    await db().insert(waitlistSettings).values({ clinicId: s.clinicA.id, acceptMovesLaterVisit: false });
    const [first] = s.waiting;
    const ownVisit = await s.book(first.patient.id, "2026-12-10T10:00");
    await s.cancel();
    expect(await reply(first.patient, { Body: "Sí" }, minutes(GRACE + 1))).toMatchObject({ offer: { outcome: "booked" } });
    const [own] = await db().select().from(appointments).where(eq(appointments.id, ownVisit));
    expect(own.status).toBe("scheduled");
  });

  it("declines and run-out holds move the offer to the next wave; a patient holds one offer at a time", async () => {
    const s = await scenario({ waiting: 5 });
    await s.cancel();
    const [offer] = await offersOf(s.clinicA.id);
    const wave1 = await recipientsOf(offer.id);
    // Another slot frees meanwhile: those already holding an offer are skipped; only the rest get this one.
    const second = await s.book(s.owner.id, "2026-11-27T12:00");
    await s.cancel(minutes(1), second);
    const offers = await offersOf(s.clinicA.id);
    const other = offers.find((o) => o.id !== offer.id)!;
    expect((await recipientsOf(other.id)).map((r) => r.patientId)).toEqual([s.waiting[3].patient.id, s.waiting[4].patient.id]);

    const declined = await reply(
      s.waiting[0].patient,
      { Body: "No, gracias", ButtonPayload: `offer_decline:${wave1[0].id}` },
      minutes(GRACE + 1),
    );
    expect(declined).toMatchObject({ intent: "offer_decline", offer: { outcome: "declined" } });
    expect((await slotOfferSummaries(db(), { clinicId: s.clinicA.id, appointmentIds: [s.visit] })).get(s.visit)).toMatchObject({
      status: "open",
      offered: 3,
      declined: 1,
      waiting: 2,
    });
    // Two of the wave still hold it: no new wave yet; the check changes nothing before the hold runs out.
    expect((await advanceSlotOffers(db(), { now: minutes(GRACE + 10), clinicId: s.clinicA.id })).advanced).toBe(0);

    // The hold runs out (no real wait: `now` is injected). Nobody new is left for the first slot: it closes.
    const after = await advanceSlotOffers(db(), { now: minutes(GRACE + 16), clinicId: s.clinicA.id });
    expect(after.advanced).toBe(2);
    // Wave 2 of the first slot: the two whose holds on the other slot ran out too (each holds one offer at a time).
    const firstSlot = await recipientsOf(offer.id);
    expect(firstSlot.map((r) => [r.patientId, r.wave, r.status])).toEqual([
      [s.waiting[0].patient.id, 1, "declined"],
      [s.waiting[1].patient.id, 1, "expired"],
      [s.waiting[2].patient.id, 1, "expired"],
      [s.waiting[3].patient.id, 2, "offered"],
      [s.waiting[4].patient.id, 2, "offered"],
    ]);
    expect((await offersOf(s.clinicA.id)).find((o) => o.id === offer.id)).toMatchObject({ status: "open", wave: 2 });
    expect(firstSlot[3].expiresAt).toEqual(minutes(GRACE + 16 + 15));
    // Everyone holds at most one open offer.
    const open = await db()
      .select()
      .from(slotOfferRecipients)
      .where(and(eq(slotOfferRecipients.clinicId, s.clinicA.id), eq(slotOfferRecipients.status, "offered")));
    expect(new Set(open.map((r) => r.patientId)).size).toBe(open.length);
    // A reply by button after its hold ran out: told it was taken, nothing booked.
    const late = await reply(
      s.waiting[1].patient,
      { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${wave1[1].id}` },
      minutes(GRACE + 17),
    );
    expect(late).toMatchObject({ intent: "offer_accept", appointmentId: null, offer: { outcome: "taken" } });
  });

  it("staff booking the slot meanwhile closes the offer, tells those holding it, and a later acceptance books nothing", async () => {
    const s = await scenario();
    await s.cancel();
    const [offer] = await offersOf(s.clinicA.id);
    const recipients = await recipientsOf(offer.id);
    const walkIn = await createPatient(db(), { clinicId: s.clinicA.id });
    await bookAppointment(db(), s.ctxA, {
      input: { patientId: walkIn.id, doctorId: s.doctor.id, startsAt: "2026-11-27T10:00", durationMinutes: "30", kind: "in_person" },
      now: minutes(GRACE + 2),
    });
    expect((await offersOf(s.clinicA.id))[0]).toMatchObject({ status: "closed", closedReason: "booked" });
    expect(
      await messagesOf(
        s.waiting.map((w) => w.patient.id),
        "slot_offer_taken",
      ),
    ).toHaveLength(3);
    const late = await reply(
      s.waiting[0].patient,
      { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${recipients[0].id}` },
      minutes(GRACE + 3),
    );
    expect(late).toMatchObject({ offer: { outcome: "taken" }, appointmentId: null });
    const visits = await db().select().from(appointments).where(eq(appointments.patientId, s.waiting[0].patient.id));
    expect(visits).toEqual([]);
  });

  it("quiet hours hold an offer until they end, and skip the slot when that would leave less than the lead", async () => {
    const s = await scenario();
    await db()
      .update(clinics)
      .set({ quietHoursEnabled: true, quietHoursStartMinute: 21 * 60, quietHoursEndMinute: 8 * 60 })
      .where(eq(clinics.id, s.clinicA.id));
    const night = new Date("2026-11-26T04:00:00Z"); // 22:00 in Mexico City
    await s.cancel(night);
    const [held] = await offersOf(s.clinicA.id);
    expect(held).toMatchObject({ status: "open", wave: 0, heldUntil: new Date("2026-11-26T14:00:00Z") });
    expect(
      await messagesOf(
        s.waiting.map((w) => w.patient.id),
        "slot_offer",
      ),
    ).toEqual([]);
    expect((await advanceSlotOffers(db(), { now: new Date("2026-11-26T13:59:00Z"), clinicId: s.clinicA.id })).advanced).toBe(0);
    const morning = await advanceSlotOffers(db(), { now: new Date("2026-11-26T14:00:00Z"), clinicId: s.clinicA.id });
    expect(morning.scheduled.map((d) => d.notificationType)).toEqual(["slot_offer", "slot_offer", "slot_offer"]);

    // 09:00 tomorrow, freed at 22:00: at 08:00 only an hour would be left — skipped.
    const early = await s.book(s.owner.id, "2026-11-27T09:00");
    await s.cancel(new Date("2026-11-27T04:00:00Z"), early);
    const skipped = (await offersOf(s.clinicA.id)).find((o) => o.startsAt.getTime() === new Date("2026-11-27T15:00:00Z").getTime());
    expect(skipped).toMatchObject({ status: "closed", closedReason: "quiet_hours" });
  });
});

describe("one booking per slot", () => {
  it("two acceptances at the same moment: exactly one booking, the other told it was taken", async () => {
    const s = await scenario();
    await s.cancel();
    const [offer] = await offersOf(s.clinicA.id);
    const recipients = await recipientsOf(offer.id);
    const at = minutes(GRACE + 1);
    const outcomes = await Promise.all(
      [0, 1, 2].map((i) => reply(s.waiting[i].patient, { Body: "Sí, lo quiero", ButtonPayload: `offer_accept:${recipients[i].id}` }, at)),
    );
    const results = outcomes.map((o) => (o.kind === "handled" ? o.offer?.outcome : o.kind));
    expect(results.filter((r) => r === "booked")).toHaveLength(1);
    expect(results.filter((r) => r === "taken")).toHaveLength(2);
    const booked = await db()
      .select()
      .from(appointments)
      .where(and(eq(appointments.doctorId, s.doctor.id), eq(appointments.startsAt, new Date("2026-11-27T16:00:00Z"))));
    expect(booked.filter((v) => v.status !== "cancelled")).toHaveLength(1);
    expect((await recipientsOf(offer.id)).filter((r) => r.status === "accepted")).toHaveLength(1);
    const inbound = await db()
      .select()
      .from(inboundMessages)
      .where(
        inArray(
          inboundMessages.patientId,
          s.waiting.map((w) => w.patient.id),
        ),
      );
    expect(inbound.map((m) => m.intent)).toEqual(["offer_accept", "offer_accept", "offer_accept"]);
  });
});
